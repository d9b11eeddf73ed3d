/** Verifies raw X.509/CMS/OCSP/CRL signatures with node:crypto, from algorithm OIDs (ECDSA, RSA PKCS#1 v1.5, RSA-PSS). */
import { createHash, createPublicKey, verify, constants, type KeyObject } from 'node:crypto';
import * as pkijs from 'pkijs';

const hashByOid: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

/** Signature algorithm OID → hash; `undefined` hash means "use the digest algorithm given beside it". */
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

/** Only SHA-2 digests are accepted for signatures; SHA-1 stays readable for OCSP CertIDs. */
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

const keyCache = new WeakMap<pkijs.Certificate, KeyObject>();

export function publicKeyOf(certificate: pkijs.Certificate): KeyObject {
  let key = keyCache.get(certificate);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(certificate.subjectPublicKeyInfo.toSchema().toBER()), format: 'der', type: 'spki' });
    keyCache.set(certificate, key);
  }
  return key;
}

/** True when `signature` over `data` verifies with the certificate's key under `algorithm`; never throws. */
export function verifyWith(certificate: pkijs.Certificate, algorithm: pkijs.AlgorithmIdentifier, data: Uint8Array, signature: Uint8Array, digestOid?: string): boolean {
  try {
    const spec = signatureAlgorithms[algorithm.algorithmId];
    if (!spec) return false;
    const hash = spec.pss ? pssHash(algorithm) : (spec.hash ?? (digestOid ? hashName(digestOid) : undefined));
    if (!hash) return false;
    const key = publicKeyOf(certificate);
    if (spec.pss) return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature);
    return verify(hash, data, key, signature);
  } catch {
    return false;
  }
}

function pssHash(algorithm: pkijs.AlgorithmIdentifier): string | undefined {
  return hashName(new pkijs.RSASSAPSSParams({ schema: algorithm.algorithmParams }).hashAlgorithm.algorithmId);
}
