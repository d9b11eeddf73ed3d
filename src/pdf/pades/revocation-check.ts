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

/** The parts of a successful basic OCSP response the status check reads; undefined when it is no such response. */
interface ParsedOcsp {
  /** Each SingleResponse in order: its CertID parts, or 'malformed' where reading them fails. */
  responses: ({ hashOid: string; nameHash?: Uint8Array; serial?: Uint8Array; status: DerNode | undefined } | 'malformed')[];
  tbs: Uint8Array;
  algorithm: DerNode;
  signature: Uint8Array;
  responders: Certificate[];
  /** Whether the issuer (by its DER identity) or a delegate it certified signed the response. */
  signedFor: Map<string, boolean>;
}

function parseOcsp(der: Uint8Array, cache: CertificateCache): ParsedOcsp | undefined {
  try {
    const response = children(expectTag(readDer(der), tags.sequence));
    if (content(response[0]!)[0] !== 0 || response[1]?.tag !== tags.context0) return undefined;
    const [type, body] = children(expectTag(children(response[1])[0], tags.sequence));
    if (oidOf(type) !== ocspBasic) return undefined;
    const basic = children(expectTag(readDer(octets(body!)), tags.sequence));
    const tbs = expectTag(basic[0], tags.sequence);
    const data = children(tbs);
    const singles = children(expectTag(data[data[0]!.tag === tags.context0 ? 3 : 2], tags.sequence)).map((r) => children(expectTag(r, tags.sequence)));
    return {
      responses: singles.map(([certId, status]) => {
        try {
          const [algorithm, nameHash, , serial] = children(expectTag(certId, tags.sequence));
          const hashOid = oidOf(children(expectTag(algorithm, tags.sequence))[0]);
          // A CertID under a hash this checker does not know never matches, whatever else it holds.
          if (!digest(hashOid)) return { hashOid, status };
          return { hashOid, nameHash: content(expectTag(nameHash, tags.octetString)), serial: content(expectTag(serial, tags.integer)), status };
        } catch {
          return 'malformed';
        }
      }),
      tbs: raw(tbs),
      algorithm: basic[1]!,
      signature: bitString(basic[2]),
      responders: basic[3]?.tag === tags.context0 ? children(expectTag(children(basic[3])[0], tags.sequence)).flatMap((c) => cache.tryGet(raw(c)) ?? []) : [],
      signedFor: new Map(),
    };
  } catch {
    return undefined;
  }
}

function ocspStatus(der: Uint8Array, certificate: Certificate, issuer: Certificate, at: Date, cache: CertificateCache): RevocationStatus {
  const ocsp = cache.parsed('ocsp', der, (bytes) => parseOcsp(bytes, cache));
  if (!ocsp) return 'unknown';
  try {
    const issuerNameHashes = new Map<string, Buffer | undefined>();
    let single: Exclude<ParsedOcsp['responses'][number], 'malformed'> | undefined;
    for (const response of ocsp.responses) {
      // As reading a malformed CertID before the matching one did: no answer from this response.
      if (response === 'malformed') return 'unknown';
      if (!response.serial || !response.nameHash || !equalBytes(response.serial, certificate.serial)) continue;
      if (!issuerNameHashes.has(response.hashOid)) issuerNameHashes.set(response.hashOid, digest(response.hashOid, certificate.issuer));
      const expected = issuerNameHashes.get(response.hashOid);
      if (expected && equalBytes(response.nameHash, expected)) {
        single = response;
        break;
      }
    }
    if (!single) return 'unknown';
    let signed = ocsp.signedFor.get(issuer.key);
    if (signed === undefined) {
      signed =
        cache.verifiedSignature(issuer, ocsp.algorithm, ocsp.tbs, ocsp.signature) ||
        ocsp.responders.some(
          (responder) =>
            equalBytes(responder.issuer, issuer.subject) &&
            !!responder.x509.keyUsage?.includes(ocspSigning) &&
            responder.x509.verify(issuer.publicKey) &&
            cache.verifiedSignature(responder, ocsp.algorithm, ocsp.tbs, ocsp.signature),
        );
      ocsp.signedFor.set(issuer.key, signed);
    }
    if (!signed) return 'unknown';
    const status = single.status!;
    if (status.tag === 0x80) return 'good';
    if (status.tag !== 0xa1) return 'unknown';
    return generalizedTime(children(status)[0]) <= at ? 'revoked' : 'good';
  } catch {
    return 'unknown';
  }
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
