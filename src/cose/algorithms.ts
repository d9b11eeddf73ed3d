/** The COSE signature algorithms (RFC 9053 / RFC 8230) we accept, mapped to node:crypto verify parameters. */
import { constants, type KeyObject } from 'node:crypto';
import type { KeyAlgorithm } from '../pki/key-store';
import { CoseUnsupportedAlgorithmError } from './errors';

export const coseAlgorithms = {
  ES256: -7,
  ES384: -35,
  ES512: -36,
  PS256: -37,
  PS384: -38,
  PS512: -39,
} as const;

export type CoseAlgorithmName = keyof typeof coseAlgorithms;

interface VerifyParameters {
  hash: 'sha256' | 'sha384' | 'sha512';
  keyType: 'ec' | 'rsa';
  hashLength: number;
}

const verifyParameters = new Map<number, VerifyParameters>([
  [coseAlgorithms.ES256, { hash: 'sha256', keyType: 'ec', hashLength: 32 }],
  [coseAlgorithms.ES384, { hash: 'sha384', keyType: 'ec', hashLength: 48 }],
  [coseAlgorithms.ES512, { hash: 'sha512', keyType: 'ec', hashLength: 64 }],
  [coseAlgorithms.PS256, { hash: 'sha256', keyType: 'rsa', hashLength: 32 }],
  [coseAlgorithms.PS384, { hash: 'sha384', keyType: 'rsa', hashLength: 48 }],
  [coseAlgorithms.PS512, { hash: 'sha512', keyType: 'rsa', hashLength: 64 }],
]);

/** The parameters for `crypto.verify`, or null when the algorithm is unknown or does not fit the key. */
export function verifyOptionsFor(alg: number, key: KeyObject): { hash: string; key: Parameters<typeof import('node:crypto').verify>[2] } | null {
  const parameters = verifyParameters.get(alg);
  if (!parameters) return null;
  const keyType = key.asymmetricKeyType === 'rsa-pss' ? 'rsa' : key.asymmetricKeyType;
  if (keyType !== parameters.keyType) return null;
  if (parameters.keyType === 'ec') return { hash: parameters.hash, key: { key, dsaEncoding: 'ieee-p1363' } };
  // COSE fixes the PSS salt length to the hash length (RFC 8230 section 2).
  return { hash: parameters.hash, key: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: parameters.hashLength } };
}

/** The algorithm a key store key signs with: ES256 for P-256, PS256 for RSA (the SigningKey contract hashes with SHA-256). */
export function signingAlgorithmFor(algorithm: KeyAlgorithm): number {
  switch (algorithm) {
    case 'ECDSA-P256':
      return coseAlgorithms.ES256;
    case 'RSA-3072':
      return coseAlgorithms.PS256;
    default:
      throw new CoseUnsupportedAlgorithmError(`Key algorithm ${String(algorithm)} cannot sign COSE messages.`);
  }
}
