/** Revocation status of a certificate at a given time, from OCSP responses and CRLs (embedded or fetched), each signature-checked. */
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { RevocationSource } from '../../pki/trust-services';
import { toArrayBuffer } from './cms';
import { digest, verifyWith } from './signature-algorithms';

export type RevocationStatus = 'good' | 'revoked' | 'unknown';

export interface RevocationData {
  ocsps: Uint8Array[];
  crls: Uint8Array[];
}

const ocspSigning = '1.3.6.1.5.5.7.3.9';

export async function revocationStatus(certificate: pkijs.Certificate, issuer: pkijs.Certificate, at: Date, embedded: RevocationData, source?: RevocationSource): Promise<RevocationStatus> {
  const fromEmbedded = statusFrom(certificate, issuer, at, embedded);
  if (fromEmbedded !== 'unknown' || !source) return fromEmbedded;
  const certificateDer = new Uint8Array(certificate.toSchema().toBER());
  const issuerDer = new Uint8Array(issuer.toSchema().toBER());
  const ocsp = await source.ocsp(certificateDer, issuerDer).catch(() => undefined);
  const crl = ocsp ? undefined : await source.crl(issuerDer).catch(() => undefined);
  return statusFrom(certificate, issuer, at, { ocsps: ocsp ? [ocsp] : [], crls: crl ? [crl] : [] });
}

function statusFrom(certificate: pkijs.Certificate, issuer: pkijs.Certificate, at: Date, data: RevocationData): RevocationStatus {
  for (const der of data.ocsps) {
    const status = ocspStatus(der, certificate, issuer, at);
    if (status !== 'unknown') return status;
  }
  for (const der of data.crls) {
    const status = crlStatus(der, certificate, issuer, at);
    if (status !== 'unknown') return status;
  }
  return 'unknown';
}

function ocspStatus(der: Uint8Array, certificate: pkijs.Certificate, issuer: pkijs.Certificate, at: Date): RevocationStatus {
  try {
    const response = pkijs.OCSPResponse.fromBER(toArrayBuffer(der));
    if (!response.responseBytes || response.responseBytes.responseType !== '1.3.6.1.5.5.7.48.1.1') return 'unknown';
    const basic = pkijs.BasicOCSPResponse.fromBER(toArrayBuffer(response.responseBytes.response.valueBlock.valueHexView));
    const issuerName = new Uint8Array(certificate.issuer.toSchema().toBER());
    const single = basic.tbsResponseData.responses.find((r) => {
      const nameHash = digest(r.certID.hashAlgorithm.algorithmId, issuerName);
      return r.certID.serialNumber.isEqual(certificate.serialNumber) && nameHash?.equals(Buffer.from(r.certID.issuerNameHash.valueBlock.valueHexView));
    });
    if (!single || !ocspSignedFor(basic, issuer)) return 'unknown';
    const status = single.certStatus as asn1js.BaseBlock;
    if (status.idBlock.tagNumber === 0) return 'good';
    if (status.idBlock.tagNumber !== 1) return 'unknown';
    const time = (status as asn1js.Constructed).valueBlock.value[0] as asn1js.GeneralizedTime;
    return time.toDate() <= at ? 'revoked' : 'good';
  } catch {
    return 'unknown';
  }
}

/** The response is signed by the issuer itself or by a responder certificate the issuer delegated OCSP signing to. */
function ocspSignedFor(basic: pkijs.BasicOCSPResponse, issuer: pkijs.Certificate): boolean {
  const signature = basic.signature.valueBlock.valueHexView;
  const data = basic.tbsResponseData.tbsView;
  if (verifyWith(issuer, basic.signatureAlgorithm, data, signature)) return true;
  return (basic.certs ?? []).some((responder) => {
    if (!(responder instanceof pkijs.Certificate) || !responder.issuer.isEqual(issuer.subject)) return false;
    const eku = responder.extensions?.find((e) => e.extnID === '2.5.29.37')?.parsedValue as pkijs.ExtKeyUsage | undefined;
    return (
      !!eku?.keyPurposes.includes(ocspSigning) &&
      verifyWith(issuer, responder.signatureAlgorithm, responder.tbsView, responder.signatureValue.valueBlock.valueHexView) &&
      verifyWith(responder, basic.signatureAlgorithm, data, signature)
    );
  });
}

function crlStatus(der: Uint8Array, certificate: pkijs.Certificate, issuer: pkijs.Certificate, at: Date): RevocationStatus {
  try {
    const crl = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
    if (!crl.issuer.isEqual(issuer.subject) || !crl.issuer.isEqual(certificate.issuer)) return 'unknown';
    if (!verifyWith(issuer, crl.signature, crl.tbsView, crl.signatureValue.valueBlock.valueHexView)) return 'unknown';
    const entry = crl.revokedCertificates?.find((r) => r.userCertificate.isEqual(certificate.serialNumber));
    if (!entry) return 'good';
    return entry.revocationDate.value <= at ? 'revoked' : 'good';
  } catch {
    return 'unknown';
  }
}
