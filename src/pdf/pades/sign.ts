/**
 * PAdES baseline signing of any PDF by incremental update: B-B and B-T (CMS with a signature
 * time-stamp), B-LT (a DSS revision with the validation data) and B-LTA (a document time-stamp after it).
 */
import type { SigningIdentity } from '../../pki/key-store';
import type { RevocationSource, TimestampAuthority } from '../../pki/trust-services';
import { CertificateCache, equalBytes, type Certificate } from './certificate';
import { buildCadesSignature, identityCertificates } from './cms';
import { parseSignedData } from './cms-verify';
import { addDss, type ValidationData } from './dss';
import { InvalidInputError } from '../../errors';
import { SignatureReserveTooSmallError } from './errors';
import { PdfDocument } from './pdf-document';
import { addSignatureField, type VisibleAppearance } from './signature-field';

export const padesLevels = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;
export type PadesLevel = (typeof padesLevels)[number];

export interface SignOptions {
  identity: SigningIdentity;
  level?: PadesLevel;
  timestampAuthority?: TimestampAuthority;
  revocationSource?: RevocationSource;
  /** Make this a certification signature with DocMDP /P 2 (form filling and further signatures allowed). */
  certify?: boolean;
  appearance?: VisibleAppearance;
  signingTime?: Date;
  /** Signers of earlier signatures in the file: a B-LT or B-LTA DSS carries their validation data too. */
  earlierSigners?: SigningIdentity[];
  /** Parsed certificates shared between calls (a signer service keeps one). */
  certificates?: CertificateCache;
}

/** Slack over a learned size: ECDSA values, serial numbers and time-stamp times vary by a few bytes. */
const reserveMargin = 64;
/**
 * The container size last seen for each shape of signature (certificate sizes, time-stamped or not):
 * /Contents is reserved before the container exists, and every byte reserved beyond it is padding
 * the file carries for ever (twice over in hex). A container that outgrows its learned size is
 * signed again with room to spare. A shape not seen yet is measured with a container over a dummy digest.
 */
const learnedContainerSizes = new Map<string, number>();

/** Certificates parsed for signing, shared by every call that brings no cache of its own. */
const signingCertificates = new CertificateCache();

/**
 * The document the call that produced a returned file opened last: a seal over a file signed here a
 * moment ago (the facility's after the practitioner's) reuses that parse of the earlier revisions.
 */
const producedFrom = new WeakMap<Uint8Array, PdfDocument>();

function openDocument(pdf: Uint8Array): PdfDocument {
  return producedFrom.get(pdf)?.appended(pdf) ?? PdfDocument.open(pdf);
}

function rememberSource(produced: Uint8Array, document: PdfDocument): void {
  // Only bytes kept apart from the file: comparing them then catches a change the caller made to either since.
  if (document.bytes.buffer !== produced.buffer) producedFrom.set(produced, document);
}

export async function signPdf(pdf: Uint8Array, options: SignOptions): Promise<Uint8Array> {
  const level = options.level ?? 'B-B';
  const needsTsa = level !== 'B-B';
  const needsRevocation = level === 'B-LT' || level === 'B-LTA';
  if (needsTsa && !options.timestampAuthority) throw new InvalidInputError(`PAdES ${level} needs a time-stamp authority.`);
  if (needsRevocation && !options.revocationSource) throw new InvalidInputError(`PAdES ${level} needs a revocation source.`);
  const { identity } = options;
  const certificates = options.certificates ?? signingCertificates;
  let signatureTimestamp: Uint8Array | undefined;
  const timestampAuthority: TimestampAuthority | undefined = needsTsa
    ? { timestamp: async (digest) => (signatureTimestamp = await options.timestampAuthority!.timestamp(digest)) }
    : undefined;
  const shape = `signature|${identity.certificate.length}|${identity.chain.map((der) => der.length).join(',')}|${needsTsa}`;
  const container = (digest: Uint8Array) => buildCadesSignature({ digest, identity, certificates, timestampAuthority });
  let document = openDocument(pdf);
  let bytes = await withLearnedReserve(shape, container, (reserve) =>
    addSignatureField(document, {
      kind: 'signature',
      reserve,
      docMdp: options.certify ? 2 : undefined,
      appearance: options.appearance,
      signingTime: options.signingTime,
      contents: async (digest) => {
        const cms = await container(digest);
        learnedContainerSizes.set(shape, cms.length);
        return cms;
      },
    }),
  );
  if (needsRevocation) {
    const signers = [identity, ...(options.earlierSigners ?? [])];
    document = document.appended(bytes);
    bytes = addDss(document, await collectValidationData(signers, signatureTimestamp, options.revocationSource!, certificates));
  }
  if (level === 'B-LTA') return timestampDocument(document.appended(bytes), options.timestampAuthority!);
  rememberSource(bytes, document);
  return bytes;
}

/** Appends a document time-stamp (SubFilter ETSI.RFC3161) over the whole file as it stands. */
export function addDocumentTimestamp(pdf: Uint8Array, timestampAuthority: TimestampAuthority): Promise<Uint8Array> {
  return timestampDocument(openDocument(pdf), timestampAuthority);
}

async function timestampDocument(document: PdfDocument, timestampAuthority: TimestampAuthority): Promise<Uint8Array> {
  const bytes = await withLearnedReserve('timestamp', (digest) => timestampAuthority.timestamp(digest), (reserve) =>
    addSignatureField(document, {
      kind: 'timestamp',
      reserve,
      contents: async (digest) => {
        const token = await timestampAuthority.timestamp(digest);
        learnedContainerSizes.set('timestamp', token.length);
        return token;
      },
    }),
  );
  rememberSource(bytes, document);
  return bytes;
}

async function withLearnedReserve(shape: string, container: (digest: Uint8Array) => Promise<Uint8Array>, place: (reserve: number) => Promise<Buffer>): Promise<Buffer> {
  let learned = learnedContainerSizes.get(shape);
  if (learned === undefined) {
    learned = (await container(new Uint8Array(32))).length;
    learnedContainerSizes.set(shape, learned);
  }
  try {
    return await place(learned + reserveMargin);
  } catch (error) {
    if (!(error instanceof SignatureReserveTooSmallError)) throw error;
    return place(error.needed + reserveMargin);
  }
}

/** Every certificate of the signers' and the time-stamp's chains, with OCSP responses (or CRLs where no responder answers). */
async function collectValidationData(signers: SigningIdentity[], timestampToken: Uint8Array | undefined, revocation: RevocationSource, cache: CertificateCache): Promise<ValidationData> {
  const tsaCertificates = timestampToken ? (parseSignedData(timestampToken, cache)?.certificates ?? []) : [];
  const unique = new Map<string, Certificate>();
  for (const certificate of signers.flatMap((signer) => identityCertificates(signer, cache)).concat(tsaCertificates)) unique.set(certificate.key, certificate);
  const certificates = [...unique.values()];
  const data: ValidationData = { certificates: certificates.map((c) => c.der), ocsps: [], crls: [] };
  for (const certificate of certificates) {
    if (equalBytes(certificate.issuer, certificate.subject)) continue;
    const issuer = certificates.find((candidate) => equalBytes(candidate.subject, certificate.issuer));
    if (!issuer) continue;
    const ocsp = await revocation.ocsp(certificate.der, issuer.der);
    if (ocsp) data.ocsps.push(ocsp);
    else {
      const crl = await revocation.crl(issuer.der);
      if (crl) data.crls.push(crl);
    }
  }
  return data;
}
