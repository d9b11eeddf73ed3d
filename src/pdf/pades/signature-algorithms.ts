/** Verifies raw CMS/OCSP/CRL signatures with node:crypto from algorithm OIDs (ECDSA, RSA PKCS#1 v1.5, RSA-PSS). */
import { constants, createHash, verify, type KeyObject } from 'node:crypto';
import { children, type DerNode, oidOf, tags } from './der';

const hashByOid: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

/** Signature algorithm OID → hash; no hash means "use the digest algorithm given beside it" (CMS with a bare key OID). */
const signatureAlgorithms: Record<string, { hash?: string; pss?: boolean }> = {
  '1.2.840.10045.4.3.2': { hash: 'sha256' },
  '1.2.840.10045.4.3.3': { hash: 'sha384' },
  '1.2.840.10045.4.3.4': { hash: 'sha512' },
  '1.2.840.113549.1.1.11': { hash: 'sha256' },
  '1.2.840.113549.1.1.12': { hash: 'sha384' },
  '1.2.840.113549.1.1.13': { hash: 'sha512' },
  '1.2.840.113549.1.1.1': {},
  '1.2.840.10045.2.1': {},
  '1.2.840.113549.1.1.10': { pss: true },
};

/** Only SHA-2 digests are accepted for signatures; SHA-1 stays readable for OCSP CertIDs and ESS v1. */
export function hashName(digestOid: string): string | undefined {
  const name = hashByOid[digestOid];
  return name === 'sha1' ? undefined : name;
}

export function digest(digestOid: string, ...parts: Uint8Array[]): Buffer | undefined {
  const name = hashByOid[digestOid];
  if (!name) return undefined;
  const hash = createHash(name);
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** True when `signature` over `data` verifies with `key` under the AlgorithmIdentifier `algorithm`; never throws. */
export function verifySignature(key: KeyObject, algorithm: DerNode, data: Uint8Array, signature: Uint8Array, digestOid?: string): boolean {
  try {
    const [algorithmOid, params] = children(algorithm);
    const spec = signatureAlgorithms[oidOf(algorithmOid)];
    if (!spec) return false;
    if (spec.pss) {
      const hashParam = params?.tag === tags.sequence ? children(params).find((p) => p.tag === tags.context0) : undefined;
      const hash = hashParam ? hashName(oidOf(children(children(hashParam)[0]!)[0])) : undefined;
      return !!hash && verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature);
    }
    const hash = spec.hash ?? (digestOid ? hashName(digestOid) : undefined);
    return !!hash && verify(hash, data, key, signature);
  } catch {
    return false;
  }
}
