/**
 * PAdES baseline signing of any PDF by incremental update: B-B and B-T (CMS with a signature
 * time-stamp), B-LT (a DSS revision with the validation data) and B-LTA (a document time-stamp after it).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SigningIdentity } from '../../pki/key-store';
import type { RevocationSource, TimestampAuthority } from '../../pki/trust-services';
import { buildCadesSignature, parseCertificate, toArrayBuffer } from './cms';
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
  const certificateBytes = [identity.certificate, ...identity.chain].reduce((sum, der) => sum + der.length, 0);
  let signatureToken: Uint8Array | undefined;
  let bytes = await addSignatureField(PdfDocument.open(pdf), {
    kind: 'signature',
    reserve: certificateBytes + 1500 + (needsTsa ? timestampReserve : 0),
    docMdp: options.certify ? 2 : undefined,
    appearance: options.appearance,
    signingTime: options.signingTime,
    contents: async (digest) => {
      const cms = await buildCadesSignature({ digest, identity, timestampAuthority: needsTsa ? options.timestampAuthority : undefined });
      signatureToken = cms;
      return cms;
    },
  });
  if (!needsRevocation) return bytes;
  bytes = addDss(PdfDocument.open(bytes), await collectValidationData(identity, signatureToken!, options.revocationSource!));
  if (level === 'B-LT') return bytes;
  return addDocumentTimestamp(bytes, options.timestampAuthority!);
}

/** Appends a document time-stamp (SubFilter ETSI.RFC3161) over the whole file as it stands. */
export async function addDocumentTimestamp(pdf: Uint8Array, timestampAuthority: TimestampAuthority): Promise<Uint8Array> {
  return addSignatureField(PdfDocument.open(pdf), { kind: 'timestamp', reserve: timestampReserve, contents: (digest) => timestampAuthority.timestamp(digest) });
}

/** Every certificate of the signer's and the time-stamp's chains, with OCSP responses (or CRLs where no responder answers). */
export async function collectValidationData(identity: SigningIdentity, cms: Uint8Array, revocation: RevocationSource): Promise<ValidationData> {
  const unique = new Map<string, Uint8Array>();
  for (const der of [identity.certificate, ...identity.chain, ...timestampCertificates(cms)]) unique.set(Buffer.from(der).toString('base64'), der);
  const certificates = [...unique.values()];
  const parsed = certificates.map(parseCertificate);
  const data: ValidationData = { certificates, ocsps: [], crls: [] };
  for (const [i, certificate] of parsed.entries()) {
    const issuerName = Buffer.from(certificate.issuer.toSchema().toBER());
    if (issuerName.equals(Buffer.from(certificate.subject.toSchema().toBER()))) continue;
    const j = parsed.findIndex((candidate) => issuerName.equals(Buffer.from(candidate.subject.toSchema().toBER())));
    if (j < 0) continue;
    const ocsp = await revocation.ocsp(certificates[i]!, certificates[j]!);
    if (ocsp) data.ocsps.push(ocsp);
    else {
      const crl = await revocation.crl(certificates[j]!);
      if (crl) data.crls.push(crl);
    }
  }
  return data;
}

/** The certificates inside the signature time-stamp token of a CMS signature, if it has one. */
function timestampCertificates(cms: Uint8Array): Uint8Array[] {
  const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(cms)).content });
  const attribute = signedData.signerInfos[0]?.unsignedAttrs?.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.14');
  if (!attribute) return [];
  const token = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: attribute.values[0] as asn1js.Sequence }).content });
  return (token.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate).map((c) => new Uint8Array(c.toSchema().toBER()));
}
