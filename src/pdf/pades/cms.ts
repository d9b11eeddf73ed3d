/**
 * CMS SignedData for PAdES baseline signatures (RFC 5652, ETSI EN 319 122-1), written straight as DER:
 * detached, SHA-256, signed attributes content-type, message-digest and ESS signing-certificate-v2,
 * optionally a signature-time-stamp as unsigned attribute.
 */
import { createHash } from 'node:crypto';
import type { SigningIdentity } from '../../pki/key-store';
import type { TimestampAuthority } from '../../pki/trust-services';
import { equalBytes, type Certificate, type CertificateCache } from './certificate';
import { encodeOid, encodeUnsigned, readDer, tags, tlv } from './der';
import { PdfSigningError } from './errors';

export const oid = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStamp: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha1: '1.3.14.3.2.26',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  rsaSha256: '1.2.840.113549.1.1.11',
} as const;

const nullParams = Buffer.from([0x05, 0x00]);

/** IEEE P1363 r‖s → DER `SEQUENCE { INTEGER r, INTEGER s }`, as CMS carries ECDSA signatures. */
export function p1363ToDer(signature: Uint8Array): Uint8Array {
  if (signature.length === 0 || signature.length % 2) throw new PdfSigningError('An ECDSA signature must be r‖s of even length.');
  const half = signature.length / 2;
  return tlv(tags.sequence, encodeUnsigned(signature.subarray(0, half)), encodeUnsigned(signature.subarray(half)));
}

function attribute(type: string, ...values: Uint8Array[]): Buffer {
  return tlv(tags.sequence, encodeOid(type), tlv(tags.set, ...values));
}

/** DER SET OF: members sorted by their encodings (verifiers such as OpenSSL re-encode before checking). */
function derSet(tag: number, members: Buffer[]): Buffer {
  return tlv(tag, ...[...members].sort(Buffer.compare));
}

export interface CmsOptions {
  /** SHA-256 over the signed bytes. */
  digest: Uint8Array;
  identity: SigningIdentity;
  certificates: CertificateCache;
  timestampAuthority?: TimestampAuthority;
}

/** The parts every signature writes alike. */
const fixed = {
  version1: tlv(tags.integer, Buffer.from([1])),
  contentTypeData: attribute(oid.contentType, encodeOid(oid.data)),
  sha256: tlv(tags.sequence, encodeOid(oid.sha256)),
  digestAlgorithms: tlv(tags.set, tlv(tags.sequence, encodeOid(oid.sha256))),
  encapsulatedData: tlv(tags.sequence, encodeOid(oid.data)),
  ecdsaSha256: tlv(tags.sequence, encodeOid(oid.ecdsaSha256)),
  rsaSha256: tlv(tags.sequence, encodeOid(oid.rsaSha256), nullParams),
};

/** What a signature carries about its signer, the same for every signature it makes: encoded once per identity. */
interface SignerParts {
  certificate: Uint8Array;
  chain: Uint8Array[];
  /** The signer's certificate, then its chain. */
  parsed: Certificate[];
  issuerAndSerial: Buffer;
  signingCertificateV2: Buffer;
  /** SignedData `certificates [0]`: the signer's and its chain's, without the root. */
  certificateSet: Buffer;
}

const signersParts = new WeakMap<SigningIdentity, SignerParts>();

function signerParts(identity: SigningIdentity, certificates: CertificateCache): SignerParts {
  const cached = signersParts.get(identity);
  if (cached && cached.certificate === identity.certificate && cached.chain === identity.chain) return cached;
  const parsed = [identity.certificate, ...identity.chain].map((der) => certificates.get(der));
  const signer = parsed[0]!;
  // ESS signing-certificate-v2: SHA-256 (the default, so omitted) of the signer certificate and its issuer/serial.
  const essCertId = tlv(tags.sequence, tlv(tags.octetString, createHash('sha256').update(identity.certificate).digest()), tlv(tags.sequence, tlv(tags.sequence, tlv(0xa4, signer.issuer)), tlv(tags.integer, signer.serial)));
  const parts: SignerParts = {
    certificate: identity.certificate,
    chain: identity.chain,
    parsed,
    issuerAndSerial: tlv(tags.sequence, signer.issuer, tlv(tags.integer, signer.serial)),
    signingCertificateV2: attribute(oid.signingCertificateV2, tlv(tags.sequence, tlv(tags.sequence, essCertId))),
    // The root is the verifier's own trust anchor: carrying it would only add a kilobyte of hex per signature.
    certificateSet: tlv(tags.context0, identity.certificate, ...identity.chain.filter((_, i) => !isSelfIssued(parsed[i + 1]!))),
  };
  signersParts.set(identity, parts);
  return parts;
}

/** The identity's certificate and chain, parsed (once per identity). */
export function identityCertificates(identity: SigningIdentity, certificates: CertificateCache): Certificate[] {
  return signerParts(identity, certificates).parsed;
}

export async function buildCadesSignature({ digest, identity, certificates, timestampAuthority }: CmsOptions): Promise<Uint8Array> {
  const parts = signerParts(identity, certificates);
  const ecdsa = identity.key.algorithm.startsWith('ECDSA');
  const signedAttributes = [fixed.contentTypeData, attribute(oid.messageDigest, tlv(tags.octetString, digest)), parts.signingCertificateV2];
  const signedAttrs = derSet(tags.set, signedAttributes);
  const raw = await identity.key.sign(signedAttrs);
  const signature = ecdsa ? p1363ToDer(raw) : raw;
  const signedAttrsField = Buffer.from(signedAttrs);
  signedAttrsField[0] = tags.context0;
  const signerInfoParts = [fixed.version1, parts.issuerAndSerial, fixed.sha256, signedAttrsField, ecdsa ? fixed.ecdsaSha256 : fixed.rsaSha256, tlv(tags.octetString, signature)];
  if (timestampAuthority) {
    const token = await timestampAuthority.timestamp(createHash('sha256').update(signature).digest());
    let tokenLength: number;
    try {
      tokenLength = readDer(token).end;
    } catch {
      throw new PdfSigningError('The time-stamp authority returned an unreadable token.');
    }
    signerInfoParts.push(tlv(tags.context1, attribute(oid.signatureTimeStamp, token.subarray(0, tokenLength))));
  }
  const signedData = tlv(
    tags.sequence,
    fixed.version1,
    fixed.digestAlgorithms,
    fixed.encapsulatedData,
    parts.certificateSet,
    tlv(tags.set, tlv(tags.sequence, ...signerInfoParts)),
  );
  return tlv(tags.sequence, encodeOid(oid.signedData), tlv(tags.context0, signedData));
}

function isSelfIssued(certificate: Certificate): boolean {
  return equalBytes(certificate.issuer, certificate.subject);
}
