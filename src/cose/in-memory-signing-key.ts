/**
 * A SigningKey over a node:crypto private key held in process memory: for tests, benchmarks and
 * development signers, where a key store would only add setup. Production keys live in a key store.
 */
import { constants, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { KeyAlgorithm, SigningKey } from '../pki/key-store';
import { CoseUnsupportedAlgorithmError } from './errors';

export interface InMemorySigningKey extends SigningKey {
  readonly publicKey: KeyObject;
}

/** Wraps a P-256 or RSA private key as a SigningKey. */
export function inMemorySigningKey(privateKey: KeyObject, id = 'memory'): InMemorySigningKey {
  const algorithm = algorithmOf(privateKey);
  const publicKey = createPublicKey(privateKey);
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

export function generateInMemorySigningKey(algorithm: KeyAlgorithm = 'ECDSA-P256', id = `memory-${algorithm}`): InMemorySigningKey {
  const { privateKey } = algorithm === 'ECDSA-P256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 3072 });
  return inMemorySigningKey(privateKey, id);
}

function algorithmOf(privateKey: KeyObject): KeyAlgorithm {
  if (privateKey.asymmetricKeyType === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ECDSA-P256';
  if (privateKey.asymmetricKeyType === 'rsa') return 'RSA-3072';
  throw new CoseUnsupportedAlgorithmError('Only P-256 and RSA private keys can sign COSE messages.');
}
