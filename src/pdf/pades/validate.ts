/**
 * Validates every signature and document time-stamp of a PDF: ByteRange shape and coverage, CMS
 * integrity, chain to the trust anchors, revocation and validity at the signing time, time-stamps,
 * the PAdES level, and what later revisions changed. Never throws: unreadable input is `pdf.malformed`.
 */
import type { RevocationSource } from '../../pki/trust-services';
import { CertificateCache, type Certificate } from './certificate';
import { TrustAnchors, validAt } from './certificate-path';
import { oid } from './cms';
import { checkSignedData, parseSignedData, type ParsedSignedData } from './cms-verify';
import { raw } from './der';
import { classifyChanges, type Modifications } from './changes';
import { decodeStream, PdfDocument } from './pdf-document';
import { isWhitespace, PdfDict, PdfRef, PdfStream, PdfString, type PdfValue } from './pdf-syntax';
import type { ReasonCode } from './reasons';
import { revocationStatus, statusFrom, type RevocationData, type RevocationStatus } from './revocation-check';
import type { PadesLevel } from './sign';
import { digest } from './signature-algorithms';
import { verifyTimestampToken } from './timestamp-verify';

export interface PdfValidationOptions {
  /** DER root certificates the chains must end in (signers and TSAs alike). */
  trustAnchors: Uint8Array[];
  /** Asked when the PDF embeds no revocation data for a certificate. */
  revocationSource?: RevocationSource;
  /**
   * Names the signer's role from its certificate (DER). By default: 'facility' for an e-seal
   * (subject organizationIdentifier), 'practitioner' for a personal certificate (subject serialNumber
   * with the licence number), else by position: certification signature 'practitioner', approval 'facility'.
   */
  roleOf?: (certificate: Uint8Array, certification: boolean) => string;
}

export interface SignatureReport {
  fieldName: string;
  signer: string;
  role: string;
  signedAt: string | null;
  level: PadesLevel | null;
  integrity: boolean;
  chainTrusted: boolean;
  revocation: RevocationStatus;
  coversWholeDocument: boolean;
  modificationsAfter: Modifications;
  reasons: ReasonCode[];
}

export interface PdfValidationReport {
  valid: boolean;
  reasons: ReasonCode[];
  signatures: SignatureReport[];
  documentTimestamps: { fieldName: string; valid: boolean; time: string | null }[];
}

/** A signature field's dictionary after the ByteRange checks, with the revision it signs. */
interface SignedRegion {
  fieldName: string;
  ref: PdfRef;
  kind: 'signature' | 'timestamp';
  subFilter: string;
  reasons: ReasonCode[];
  end: number;
  ranges: Uint8Array[];
  contents?: Uint8Array;
  /** The CMS in `contents`, parsed once (the certificate pool and the signature check both read it). */
  signedData?: ParsedSignedData;
  state?: PdfDocument;
  certification: boolean;
}

const integrityReasons = new Set<ReasonCode>(['signature.malformed', 'signature.subfilter-unsupported', 'signature.byterange-invalid', 'signature.digest-mismatch', 'signature.signature-invalid', 'signature.signing-certificate-invalid']);

export type PdfValidator = (pdf: Uint8Array, at?: Date) => Promise<PdfValidationReport>;

export function createPdfValidator(options: PdfValidationOptions): PdfValidator {
  const anchors = new TrustAnchors(options.trustAnchors, new CertificateCache());
  return async (pdf, at = new Date()) => {
    try {
      return await validate(pdf, at, anchors, options);
    } catch {
      return failure('pdf.malformed');
    }
  };
}

export function validatePdf(pdf: Uint8Array, options: PdfValidationOptions & { at?: Date }): Promise<PdfValidationReport> {
  return createPdfValidator(options)(pdf, options.at);
}

function failure(reason: ReasonCode): PdfValidationReport {
  return { valid: false, reasons: [reason], signatures: [], documentTimestamps: [] };
}

async function validate(bytes: Uint8Array, at: Date, anchors: TrustAnchors, options: PdfValidationOptions): Promise<PdfValidationReport> {
  const document = PdfDocument.open(bytes);
  if (document.trailer.get('Encrypt') !== undefined) return failure('pdf.encrypted');
  const catalog = document.catalog();
  const certificationRef = document.resolveDict(catalog.get('Perms'))?.get('DocMDP');
  const regions = signatureFields(document).map((field) => signedRegion(document, field, certificationRef));
  if (!regions.some((region) => region.kind === 'signature')) return failure('signature.missing');
  const dss = readDss(document, anchors.cache);
  for (const region of regions) if (region.kind === 'signature' && region.contents) region.signedData = parseSignedData(region.contents, anchors.cache);
  // Certificates any signature or the DSS carries: time-stamp tokens often hold only the TSA's own.
  const pool = [...dss.certificates, ...regions.flatMap((r) => r.signedData?.certificates ?? [])];

  const documentTimestamps = regions
    .filter((region) => region.kind === 'timestamp')
    .map((region) => {
      const result = region.reasons.length ? { valid: false } : verifyTimestampToken(region.contents!, region.ranges, anchors, pool);
      const coversDss = !!region.state && region.state.catalog().get('DSS') !== undefined;
      if (!result.valid && !region.reasons.length) region.reasons.push('timestamp.invalid');
      return { region, valid: result.valid, genTime: result.genTime, coversDss };
    });

  // Bytes after the last %%EOF are no revision a reader may skip: a truncated or forged update hides there.
  const eof = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).lastIndexOf('%%EOF', undefined, 'latin1');
  const trailingData = eof < 0 || !onlyWhitespaceAfter(bytes, eof + 5);
  const context = { bytes, at, anchors, options, dss, pool, document, documentTimestamps, trailingData, docMdp: docMdpPermission(document, certificationRef) };
  const signatures: SignatureReport[] = [];
  for (const region of regions.filter((r) => r.kind === 'signature')) signatures.push(await checkSignature(region, context));

  const reasons = new Set<ReasonCode>(signatures.flatMap((s) => s.reasons));
  for (const { region } of documentTimestamps) for (const reason of region.reasons) reasons.add(reason);
  return {
    valid: reasons.size === 0,
    reasons: [...reasons],
    signatures,
    documentTimestamps: documentTimestamps.map((t) => ({ fieldName: t.region.fieldName, valid: t.valid, time: t.genTime?.toISOString() ?? null })),
  };
}

interface Context {
  bytes: Uint8Array;
  at: Date;
  anchors: TrustAnchors;
  options: PdfValidationOptions;
  dss: { certificates: Certificate[]; revocation: RevocationData; certificateDer: Set<string> };
  pool: Certificate[];
  document: PdfDocument;
  documentTimestamps: { region: SignedRegion; valid: boolean; genTime?: Date; coversDss: boolean }[];
  /** Non-whitespace bytes after the last %%EOF. */
  trailingData: boolean;
  docMdp: number | undefined;
}

async function checkSignature(region: SignedRegion, context: Context): Promise<SignatureReport> {
  const report: SignatureReport = {
    fieldName: region.fieldName,
    signer: '',
    role: '',
    signedAt: null,
    level: null,
    integrity: false,
    chainTrusted: false,
    revocation: 'unknown',
    coversWholeDocument: false,
    modificationsAfter: 'none',
    reasons: region.reasons,
  };
  if (region.reasons.length) return report;
  const cache = context.anchors.cache;
  const parsed = region.signedData;
  if (!parsed?.signer || parsed.eContent) {
    report.reasons.push('signature.malformed');
    return report;
  }
  const signer = parsed.signer;
  report.signer = signer.commonName();
  report.role = context.options.roleOf?.(signer.der, region.certification) ?? defaultRole(signer, region.certification);
  report.reasons.push(...checkSignedData(parsed, (digestOid) => digest(digestOid, ...region.ranges), region.subFilter === 'ETSI.CAdES.detached'));
  report.integrity = !report.reasons.some((r) => integrityReasons.has(r));

  const signatureTime = signatureTimestamp(parsed, context.anchors, context.pool);
  if (signatureTime === 'invalid') report.reasons.push('timestamp.invalid');
  const covering = context.documentTimestamps.filter((t) => t.valid && t.region.end >= region.end);
  const proofTime = (signatureTime instanceof Date ? signatureTime : undefined) ?? covering.map((t) => t.genTime!).sort((a, b) => a.getTime() - b.getTime())[0];
  report.signedAt = (proofTime ?? claimedTime(context.document, region.ref))?.toISOString() ?? null;
  const time = proofTime ?? context.at;

  const path = context.anchors.buildPath(signer, [...parsed.certificates, ...context.dss.certificates]);
  report.chainTrusted = !!path;
  if (!path) report.reasons.push('signature.chain-untrusted');
  else {
    if (!validAt(path, time)) report.reasons.push('signature.certificate-expired');
    report.revocation = await chainRevocation(path, time, { ocsps: context.dss.revocation.ocsps, crls: [...context.dss.revocation.crls, ...parsed.crls] }, cache, context.options.revocationSource);
    if (report.revocation === 'revoked') report.reasons.push('signature.certificate-revoked');
  }

  const hasTimestamp = !!proofTime;
  const longTerm = hasTimestamp && !!path && path.length > 1 && context.dss.certificateDer.has(signer.key) && statusFrom(signer, path[1]!, time, context.dss.revocation, cache) !== 'unknown';
  const archival = longTerm && covering.some((t) => t.coversDss);
  report.level = archival ? 'B-LTA' : longTerm ? 'B-LT' : hasTimestamp ? 'B-T' : 'B-B';

  report.coversWholeDocument = onlyWhitespaceAfter(context.bytes, region.end);
  report.modificationsAfter = report.coversWholeDocument ? 'none' : context.trailingData ? 'disallowed' : classifyChanges(region.state!, context.document, context.docMdp);
  if (report.modificationsAfter === 'disallowed') report.reasons.push('pdf.modified-after-signature');
  return report;
}

function defaultRole(signer: Certificate, certification: boolean): string {
  if (signer.hasSubjectAttribute('2.5.4.97')) return 'facility';
  if (signer.hasSubjectAttribute('2.5.4.5')) return 'practitioner';
  return certification ? 'practitioner' : 'facility';
}

async function chainRevocation(path: Certificate[], time: Date, embedded: RevocationData, cache: CertificateCache, source?: RevocationSource): Promise<RevocationStatus> {
  let signerStatus: RevocationStatus = 'unknown';
  for (let i = 0; i + 1 < path.length; i++) {
    const status = await revocationStatus(path[i]!, path[i + 1]!, time, embedded, cache, source);
    if (status === 'revoked') return 'revoked';
    if (i === 0) signerStatus = status;
  }
  return signerStatus;
}

/** The signature time-stamp's time, 'invalid' when one is present but fails, undefined when absent. */
function signatureTimestamp(parsed: ParsedSignedData, anchors: TrustAnchors, pool: Certificate[]): Date | 'invalid' | undefined {
  const attribute = parsed.unsignedAttrs.get(oid.signatureTimeStamp);
  if (!attribute) return undefined;
  if (attribute.length !== 1) return 'invalid';
  const result = verifyTimestampToken(raw(attribute[0]!), [parsed.signature], anchors, pool);
  return result.valid ? result.genTime : 'invalid';
}

interface SignatureFieldRef {
  name: string;
  value: PdfValue | undefined;
}

/** Signature fields with a value, walking the field tree (FT inherits from parents). */
function signatureFields(document: PdfDocument): SignatureFieldRef[] {
  const found: SignatureFieldRef[] = [];
  const seen = new Set<number>();
  const walk = (items: PdfValue[], inheritedType: string | undefined, prefix: string, depth: number) => {
    if (depth > 32) return;
    for (const item of items) {
      if (item instanceof PdfRef) {
        if (seen.has(item.num)) continue;
        seen.add(item.num);
      }
      const field = document.resolveDict(item);
      if (!field) continue;
      const type = field.name('FT') ?? inheritedType;
      const title = field.get('T');
      const name = title instanceof PdfString ? `${prefix}${title.text}` : prefix.replace(/\.$/, '');
      const kids = field.get('Kids');
      if (kids !== undefined) walk(document.resolveArray(kids), type, name ? `${name}.` : '', depth + 1);
      if (type === 'Sig' && field.get('V') !== undefined) found.push({ name, value: field.get('V') });
    }
  };
  walk(document.resolveArray(document.resolveDict(document.catalog().get('AcroForm'))?.get('Fields')), undefined, '', 0);
  return found;
}

function signedRegion(document: PdfDocument, field: SignatureFieldRef, certificationRef: PdfValue | undefined): SignedRegion {
  const region: SignedRegion = {
    fieldName: field.name,
    ref: field.value instanceof PdfRef ? field.value : new PdfRef(-1, 0),
    kind: 'signature',
    subFilter: '',
    reasons: [],
    end: 0,
    ranges: [],
    certification: certificationRef instanceof PdfRef && field.value instanceof PdfRef && certificationRef.num === field.value.num,
  };
  const dict = document.resolveDict(field.value);
  if (!(field.value instanceof PdfRef) || !dict) return withReason(region, 'signature.malformed');
  region.subFilter = dict.name('SubFilter') ?? '';
  if (region.subFilter === 'ETSI.RFC3161') region.kind = 'timestamp';
  else if (region.subFilter !== 'ETSI.CAdES.detached' && region.subFilter !== 'adbe.pkcs7.detached') return withReason(region, 'signature.subfilter-unsupported');

  const byteRange = dict.get('ByteRange');
  const bytes = document.bytes;
  if (!Array.isArray(byteRange) || byteRange.length !== 4 || !byteRange.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)) return withReason(region, 'signature.byterange-invalid');
  const [start, gapStart, gapEnd, tailLength] = byteRange as number[];
  const end = gapEnd! + tailLength!;
  if (start !== 0 || gapStart! >= gapEnd! || end > bytes.length || !endsRevision(bytes, end)) return withReason(region, 'signature.byterange-invalid');
  let state: PdfDocument;
  let signedDict: PdfDict | undefined;
  try {
    state = document.revision(end);
    signedDict = state.resolveDict(field.value);
  } catch {
    return withReason(region, 'signature.byterange-invalid');
  }
  const contents = signedDict?.get('Contents');
  const signedRange = signedDict?.get('ByteRange');
  // The gap must be exactly this dictionary's /Contents string in the signed revision (no wrapping).
  if (!(contents instanceof PdfString) || !contents.hex || contents.start !== gapStart || contents.end !== gapEnd || !Array.isArray(signedRange) || signedRange.join(' ') !== byteRange.join(' ')) {
    return withReason(region, 'signature.byterange-invalid');
  }
  region.end = end;
  region.state = state;
  region.contents = contents.bytes;
  region.ranges = [bytes.subarray(0, gapStart), bytes.subarray(gapEnd, end)];
  return region;
}

function withReason(region: SignedRegion, reason: ReasonCode): SignedRegion {
  region.reasons.push(reason);
  return region;
}

/** The signed bytes must end with `%%EOF` (and its end-of-line), where a revision ends. */
function endsRevision(bytes: Uint8Array, end: number): boolean {
  let i = end;
  while (i > 0 && isWhitespace(bytes[i - 1]!) && end - i < 2) i--;
  return i >= 5 && Buffer.from(bytes.buffer, bytes.byteOffset + i - 5, 5).toString('latin1') === '%%EOF';
}

function onlyWhitespaceAfter(bytes: Uint8Array, end: number): boolean {
  for (let i = end; i < bytes.length; i++) if (!isWhitespace(bytes[i]!)) return false;
  return true;
}

function docMdpPermission(document: PdfDocument, certificationRef: PdfValue | undefined): number | undefined {
  if (certificationRef === undefined) return undefined;
  for (const reference of document.resolveArray(document.resolveDict(certificationRef)?.get('Reference'))) {
    const dict = document.resolveDict(reference);
    if (dict?.name('TransformMethod') !== 'DocMDP') continue;
    const p = document.resolveDict(dict.get('TransformParams'))?.get('P');
    return typeof p === 'number' && p >= 1 && p <= 3 ? p : 2;
  }
  return 2;
}

function readDss(document: PdfDocument, cache: CertificateCache): Context['dss'] {
  const dss = document.resolveDict(document.catalog().get('DSS'));
  const streams = (key: string) =>
    document.resolveArray(dss?.get(key)).flatMap((item) => {
      try {
        const stream = document.resolve(item);
        return stream instanceof PdfStream ? [decodeStream(stream)] : [];
      } catch {
        return [];
      }
    });
  const certificateBytes = streams('Certs');
  const certificates = certificateBytes.flatMap((der) => cache.tryGet(der) ?? []);
  return {
    certificates,
    certificateDer: new Set(certificateBytes.map((der) => Buffer.from(der).toString('base64'))),
    revocation: { ocsps: streams('OCSPs'), crls: streams('CRLs') },
  };
}

/** The unproven /M time of a signature dictionary (shown for B-B, never used for checks). */
function claimedTime(document: PdfDocument, ref: PdfRef): Date | undefined {
  const m = document.resolveDict(ref)?.get('M');
  if (!(m instanceof PdfString)) return undefined;
  const match = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(m.text);
  if (!match) return undefined;
  const date = new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!, +match[5]!, +match[6]!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The per-signature fields of the `verify --json` contract (DESIGN.md section 5), nothing more. */
export function contractSignature(report: SignatureReport) {
  const { signer, role, signedAt, level, integrity, chainTrusted, revocation, coversWholeDocument, modificationsAfter } = report;
  return { signer, role, signedAt, level, integrity, chainTrusted, revocation, coversWholeDocument, modificationsAfter };
}
