/** Revocation status of a certificate at a given time, from OCSP responses and CRLs (embedded or fetched), each signature-checked. */
import type { RevocationSource } from '../../pki/trust-services';
import { equalBytes, type Certificate, type CertificateCache } from './certificate';
import { bitString, children, content, type DerNode, expectTag, generalizedTime, octets, oidOf, raw, readDer, tags, x509Time } from './der';
import { digest } from './signature-algorithms';

export type RevocationStatus = 'good' | 'revoked' | 'unknown';

export interface RevocationData {
  ocsps: Uint8Array[];
  crls: Uint8Array[];
}

const ocspBasic = '1.3.6.1.5.5.7.48.1.1';
const ocspSigning = '1.3.6.1.5.5.7.3.9';

export async function revocationStatus(certificate: Certificate, issuer: Certificate, at: Date, embedded: RevocationData, cache: CertificateCache, source?: RevocationSource): Promise<RevocationStatus> {
  const fromEmbedded = statusFrom(certificate, issuer, at, embedded, cache);
  if (fromEmbedded !== 'unknown' || !source) return fromEmbedded;
  const ocsp = await source.ocsp(certificate.der, issuer.der).catch(() => undefined);
  const crl = ocsp ? undefined : await source.crl(issuer.der).catch(() => undefined);
  return statusFrom(certificate, issuer, at, { ocsps: ocsp ? [ocsp] : [], crls: crl ? [crl] : [] }, cache);
}

export function statusFrom(certificate: Certificate, issuer: Certificate, at: Date, data: RevocationData, cache: CertificateCache): RevocationStatus {
  for (const der of data.ocsps) {
    const status = ocspStatus(der, certificate, issuer, at, cache);
    if (status !== 'unknown') return status;
  }
  for (const der of data.crls) {
    const status = crlStatus(der, certificate, issuer, at, cache);
    if (status !== 'unknown') return status;
  }
  return 'unknown';
}

function ocspStatus(der: Uint8Array, certificate: Certificate, issuer: Certificate, at: Date, cache: CertificateCache): RevocationStatus {
  try {
    const response = children(expectTag(readDer(der), tags.sequence));
    if (content(response[0]!)[0] !== 0 || response[1]?.tag !== tags.context0) return 'unknown';
    const [type, body] = children(expectTag(children(response[1])[0], tags.sequence));
    if (oidOf(type) !== ocspBasic) return 'unknown';
    const basic = children(expectTag(readDer(octets(body!)), tags.sequence));
    const tbs = expectTag(basic[0], tags.sequence);
    const data = children(tbs);
    const responses = children(expectTag(data[data[0]!.tag === tags.context0 ? 3 : 2], tags.sequence));
    const single = responses.map((r) => children(expectTag(r, tags.sequence))).find(([certId]) => certIdMatches(certId!, certificate));
    if (!single) return 'unknown';
    const signed = raw(tbs);
    const signature = bitString(basic[2]);
    const responders = basic[3]?.tag === tags.context0 ? children(expectTag(children(basic[3])[0], tags.sequence)).flatMap((c) => cache.tryGet(raw(c)) ?? []) : [];
    const signedByIssuer = cache.verifiedSignature(issuer, basic[1]!, signed, signature);
    const signedByDelegate = () =>
      responders.some(
        (responder) =>
          equalBytes(responder.issuer, issuer.subject) &&
          responder.x509.keyUsage?.includes(ocspSigning) &&
          responder.x509.verify(issuer.publicKey) &&
          cache.verifiedSignature(responder, basic[1]!, signed, signature),
      );
    if (!signedByIssuer && !signedByDelegate()) return 'unknown';
    const status = single[1]!;
    if (status.tag === 0x80) return 'good';
    if (status.tag !== 0xa1) return 'unknown';
    return generalizedTime(children(status)[0]) <= at ? 'revoked' : 'good';
  } catch {
    return 'unknown';
  }
}

function certIdMatches(certId: DerNode, certificate: Certificate): boolean {
  const [algorithm, nameHash, , serial] = children(expectTag(certId, tags.sequence));
  const expected = digest(oidOf(children(expectTag(algorithm, tags.sequence))[0]), certificate.issuer);
  return !!expected && equalBytes(content(expectTag(serial, tags.integer)), certificate.serial) && equalBytes(content(expectTag(nameHash, tags.octetString)), expected);
}

function crlStatus(der: Uint8Array, certificate: Certificate, issuer: Certificate, at: Date, cache: CertificateCache): RevocationStatus {
  try {
    const [tbs, algorithm, signature] = children(expectTag(readDer(der), tags.sequence));
    const fields = children(expectTag(tbs, tags.sequence));
    let i = fields[0]!.tag === tags.integer ? 2 : 1;
    if (!equalBytes(raw(expectTag(fields[i++], tags.sequence)), certificate.issuer) || !equalBytes(certificate.issuer, issuer.subject)) return 'unknown';
    if (!cache.verifiedSignature(issuer, algorithm!, raw(tbs!), bitString(signature))) return 'unknown';
    i++;
    if (fields[i] && fields[i]!.tag !== tags.sequence && fields[i]!.tag !== tags.context0) i++;
    const revoked = fields[i]?.tag === tags.sequence ? children(fields[i]!) : [];
    for (const entry of revoked) {
      const [serial, date] = children(expectTag(entry, tags.sequence));
      if (equalBytes(content(expectTag(serial, tags.integer)), certificate.serial)) return x509Time(date) <= at ? 'revoked' : 'good';
    }
    return 'good';
  } catch {
    return 'unknown';
  }
}
