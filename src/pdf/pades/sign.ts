/**
 * PAdES baseline signing of any PDF by incremental update: B-B and B-T (CMS with a signature
 * time-stamp), B-LT (a DSS revision with the validation data) and B-LTA (a document time-stamp after it).
 */
import type { SigningIdentity } from '../../pki/key-store';
import type { RevocationSource, TimestampAuthority } from '../../pki/trust-services';
import { CertificateCache, equalBytes, type Certificate } from './certificate';
import { buildCadesSignature, oid } from './cms';
import { parseSignedData } from './cms-verify';
import { raw } from './der';
import { addDss, type ValidationData } from './dss';
import { InvalidInputError } from '../../errors';
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
  /** Parsed certificates shared between calls (a signer service keeps one). */
  certificates?: CertificateCache;
}

/** Room for a time-stamp token with its TSA certificates. */
const timestampReserve = 6000;

export async function signPdf(pdf: Uint8Array, options: SignOptions): Promise<Uint8Array> {
  const level = options.level ?? 'B-B';
  const needsTsa = level !== 'B-B';
  const needsRevocation = level === 'B-LT' || level === 'B-LTA';
  if (needsTsa && !options.timestampAuthority) throw new InvalidInputError(`PAdES ${level} needs a time-stamp authority.`);
  if (needsRevocation && !options.revocationSource) throw new InvalidInputError(`PAdES ${level} needs a revocation source.`);
  const { identity } = options;
  const certificates = options.certificates ?? new CertificateCache();
  const certificateBytes = [identity.certificate, ...identity.chain].reduce((sum, der) => sum + der.length, 0);
  let signatureToken: Uint8Array | undefined;
  let bytes = await addSignatureField(PdfDocument.open(pdf), {
    kind: 'signature',
    reserve: certificateBytes + 1500 + (needsTsa ? timestampReserve : 0),
    docMdp: options.certify ? 2 : undefined,
    appearance: options.appearance,
    signingTime: options.signingTime,
    contents: async (digest) => {
      const cms = await buildCadesSignature({ digest, identity, certificates, timestampAuthority: needsTsa ? options.timestampAuthority : undefined });
      signatureToken = cms;
      return cms;
    },
  });
  if (!needsRevocation) return bytes;
  bytes = addDss(PdfDocument.open(bytes), await collectValidationData(identity, signatureToken!, options.revocationSource!, certificates));
  if (level === 'B-LT') return bytes;
  return addDocumentTimestamp(bytes, options.timestampAuthority!);
}

/** Appends a document time-stamp (SubFilter ETSI.RFC3161) over the whole file as it stands. */
export async function addDocumentTimestamp(pdf: Uint8Array, timestampAuthority: TimestampAuthority): Promise<Uint8Array> {
  return addSignatureField(PdfDocument.open(pdf), { kind: 'timestamp', reserve: timestampReserve, contents: (digest) => timestampAuthority.timestamp(digest) });
}

/** Every certificate of the signer's and the time-stamp's chains, with OCSP responses (or CRLs where no responder answers). */
export async function collectValidationData(identity: SigningIdentity, cms: Uint8Array, revocation: RevocationSource, cache: CertificateCache): Promise<ValidationData> {
  const timestamp = parseSignedData(cms, cache)?.unsignedAttrs.get(oid.signatureTimeStamp)?.[0];
  const tsaCertificates = timestamp ? (parseSignedData(raw(timestamp), cache)?.certificates ?? []) : [];
  const unique = new Map<string, Certificate>();
  for (const certificate of [identity.certificate, ...identity.chain].map((der) => cache.get(der)).concat(tsaCertificates)) unique.set(certificate.key, certificate);
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
