/**
 * Checks one CMS SignedData (a PAdES signature or a time-stamp token): finds the signer certificate,
 * compares the message digest with the content, verifies the signature over the signed attributes
 * and the ESS signing-certificate binding.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { oid, toArrayBuffer } from './cms';
import type { ReasonCode } from './reasons';
import { digest, hashName, verifyWith } from './signature-algorithms';

export interface ParsedSignedData {
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  certificates: pkijs.Certificate[];
  signer?: pkijs.Certificate;
}

export interface CmsCheck {
  reasons: ReasonCode[];
  parsed?: ParsedSignedData;
}

/** Parses a DER ContentInfo holding SignedData with exactly one signer; undefined when it is not one. */
export function parseSignedData(der: Uint8Array): ParsedSignedData | undefined {
  try {
    const asn1 = asn1js.fromBER(toArrayBuffer(der));
    if (asn1.offset === -1) return undefined;
    const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
    if (contentInfo.contentType !== oid.signedData) return undefined;
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.signerInfos.length !== 1) return undefined;
    const signerInfo = signedData.signerInfos[0]!;
    const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    return { signedData, signerInfo, certificates, signer: findSigner(signerInfo, certificates) };
  } catch {
    return undefined;
  }
}

function findSigner(signerInfo: pkijs.SignerInfo, certificates: pkijs.Certificate[]): pkijs.Certificate | undefined {
  const sid = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  }
  const keyId = Buffer.from((sid as asn1js.OctetString).valueBlock?.valueHexView ?? []);
  return certificates.find((c) => {
    const ski = c.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as asn1js.OctetString | undefined;
    return ski && Buffer.from(ski.valueBlock.valueHexView).equals(keyId);
  });
}

function attribute(signerInfo: pkijs.SignerInfo, type: string): pkijs.Attribute | undefined {
  return signerInfo.signedAttrs?.attributes.find((a) => a.type === type);
}

/**
 * Verifies `parsed` over content whose digest is computed by `contentDigest(digestOid)`; `requireEss`
 * makes a missing signing-certificate attribute an error (PAdES baseline requires it).
 */
export function checkSignedData(parsed: ParsedSignedData, contentDigest: (digestOid: string) => Uint8Array | undefined, requireEss: boolean): ReasonCode[] {
  const { signerInfo, signer } = parsed;
  const digestOid = signerInfo.digestAlgorithm.algorithmId;
  if (!signer || !signerInfo.signedAttrs || !hashName(digestOid)) return ['signature.malformed'];
  const contentType = attribute(signerInfo, oid.contentType)?.values[0];
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== parsed.signedData.encapContentInfo.eContentType) return ['signature.malformed'];
  const messageDigest = attribute(signerInfo, oid.messageDigest)?.values[0];
  const expected = contentDigest(digestOid);
  if (!(messageDigest instanceof asn1js.OctetString) || !expected || !Buffer.from(messageDigest.valueBlock.valueHexView).equals(expected)) {
    return ['signature.digest-mismatch'];
  }
  const signedBytes = new Uint8Array(signerInfo.signedAttrs.encodedValue);
  if (!verifyWith(signer, signerInfo.signatureAlgorithm, signedBytes, signerInfo.signature.valueBlock.valueHexView, digestOid)) return ['signature.signature-invalid'];
  return essMatches(signerInfo, signer, requireEss) ? [] : ['signature.signing-certificate-invalid'];
}

/** ESS signing-certificate-v2 (or v1) names the signer certificate by hash. */
function essMatches(signerInfo: pkijs.SignerInfo, signer: pkijs.Certificate, required: boolean): boolean {
  const v2 = attribute(signerInfo, oid.signingCertificateV2);
  const v1 = attribute(signerInfo, '1.2.840.113549.1.9.16.2.12');
  const value = (v2 ?? v1)?.values[0];
  if (!value) return !required;
  try {
    const certs = (value as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const first = certs.valueBlock.value[0] as asn1js.Sequence;
    const items = first.valueBlock.value;
    let hashOid: string = v2 ? oid.sha256 : oid.sha1;
    let hashIndex = 0;
    if (v2 && items[0] instanceof asn1js.Sequence) {
      hashOid = new pkijs.AlgorithmIdentifier({ schema: items[0] }).algorithmId;
      hashIndex = 1;
    }
    const certHash = items[hashIndex] as asn1js.OctetString;
    const actual = digest(hashOid, new Uint8Array(signer.toSchema().toBER()));
    return !!actual && Buffer.from(certHash.valueBlock.valueHexView).equals(actual);
  } catch {
    return false;
  }
}
