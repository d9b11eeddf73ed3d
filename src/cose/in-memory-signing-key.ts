/** A SigningKey over an in-process node:crypto key pair: for tests and benchmarks, where a key store would only add setup. */
import { generateKeyPairSync, sign, constants, type KeyObject } from 'node:crypto';
import type { KeyAlgorithm, SigningKey } from '../pki/key-store';

export interface InMemorySigningKey extends SigningKey {
  readonly publicKey: KeyObject;
}

export function generateInMemorySigningKey(algorithm: KeyAlgorithm = 'ECDSA-P256', id = `memory-${algorithm}`): InMemorySigningKey {
  const { privateKey, publicKey } =
    algorithm === 'ECDSA-P256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 3072 });
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  return {
    id,
    algorithm,
    publicKey,
    publicKeySpki: async () => spki,
    sign: async (data, options) => {
      if (algorithm === 'ECDSA-P256') return new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
      const padding = options?.padding === 'pss' ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
      return new Uint8Array(sign('sha256', data, { key: privateKey, padding, saltLength: 32 }));
    },
  };
}
