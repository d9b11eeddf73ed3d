/**
 * CMS SignedData for PAdES baseline signatures (RFC 5652, ETSI EN 319 122-1): detached, SHA-256,
 * signed attributes content-type, message-digest and ESS signing-certificate-v2, optionally a
 * signature-time-stamp as unsigned attribute.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SigningIdentity } from '../../pki/key-store';
import type { TimestampAuthority } from '../../pki/trust-services';
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
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha1: '1.3.14.3.2.26',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  rsaSha256: '1.2.840.113549.1.1.11',
} as const;

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

/** IEEE P1363 r‖s → DER `SEQUENCE { INTEGER r, INTEGER s }`, as CMS and X.509 carry ECDSA signatures. */
export function p1363ToDer(signature: Uint8Array): Uint8Array {
  if (signature.length === 0 || signature.length % 2) throw new PdfSigningError('An ECDSA signature must be r‖s of even length.');
  const half = signature.length / 2;
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const trimmed = bytes.subarray(i);
    const padded = trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : Buffer.from(trimmed);
    return new asn1js.Integer({ valueHex: toArrayBuffer(padded) });
  };
  const sequence = new asn1js.Sequence({ value: [integer(signature.subarray(0, half)), integer(signature.subarray(half))] });
  return new Uint8Array(sequence.toBER());
}

function issuerSerial(certificate: pkijs.Certificate): asn1js.Sequence {
  const directoryName = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [certificate.issuer.toSchema()] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [directoryName] }), certificate.serialNumber] });
}

/** ESS signing-certificate-v2 with the SHA-256 hash (the default algorithm, so omitted) and issuer/serial of the signer. */
function signingCertificateV2(certificateDer: Uint8Array, certificate: pkijs.Certificate): asn1js.Sequence {
  const hash = createHash('sha256').update(certificateDer).digest();
  const essCertId = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: toArrayBuffer(hash) }), issuerSerial(certificate)] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

/** Attributes in DER order (SET OF sorted by encoding), as verifiers re-encode them before checking. */
function sortedAttributes(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((attribute) => ({ attribute, der: Buffer.from(attribute.toSchema().toBER()) }));
  return encoded.sort((a, b) => Buffer.compare(a.der, b.der)).map((item) => item.attribute);
}

export interface CmsOptions {
  /** SHA-256 over the signed bytes. */
  digest: Uint8Array;
  identity: SigningIdentity;
  timestampAuthority?: TimestampAuthority;
}

export async function buildCadesSignature({ digest, identity, timestampAuthority }: CmsOptions): Promise<Uint8Array> {
  const certificate = parseCertificate(identity.certificate);
  const ecdsa = identity.key.algorithm.startsWith('ECDSA');
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: sortedAttributes([
      new pkijs.Attribute({ type: oid.contentType, values: [new asn1js.ObjectIdentifier({ value: oid.data })] }),
      new pkijs.Attribute({ type: oid.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })] }),
      new pkijs.Attribute({ type: oid.signingCertificateV2, values: [signingCertificateV2(identity.certificate, certificate)] }),
    ]),
  });
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER());
  toSign[0] = 0x31;
  const raw = await identity.key.sign(toSign);
  const signature = ecdsa ? p1363ToDer(raw) : raw;
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oid.sha256 }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: ecdsa ? oid.ecdsaSha256 : oid.rsaSha256, ...(ecdsa ? {} : { algorithmParams: new asn1js.Null() }) }),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
  });
  if (timestampAuthority) {
    const token = await timestampAuthority.timestamp(createHash('sha256').update(signature).digest());
    const parsed = asn1js.fromBER(toArrayBuffer(token));
    if (parsed.offset === -1) throw new PdfSigningError('The time-stamp authority returned an unreadable token.');
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: oid.signatureTimeStamp, values: [parsed.result] })],
    });
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: oid.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: oid.data }),
    certificates: [certificate, ...identity.chain.map(parseCertificate)],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: oid.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}
