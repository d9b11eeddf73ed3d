/**
 * Lets pkijs and @peculiar/x509, which sign through WebCrypto, sign with a key-store SigningKey:
 * a WebCrypto whose `sign` hands bridged keys to their store and forwards everything else to node's.
 */
import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { KeyAlgorithm, SigningKey } from './key-store';

const signers = new WeakMap<object, SigningKey>();

const subtle = new Proxy(webcrypto.subtle, {
  get(target, property) {
    if (property === 'sign') return bridgedSign;
    const value = Reflect.get(target, property, target) as unknown;
    return typeof value === 'function' ? value.bind(target) : value;
  },
});

async function bridgedSign(algorithm: AlgorithmIdentifier | RsaPssParams | EcdsaParams, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer> {
  const signer = signers.get(key);
  if (!signer) return webcrypto.subtle.sign(algorithm, key, data);
  const name = typeof algorithm === 'string' ? algorithm : algorithm.name;
  const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
  const signature = await signer.sign(bytes, { padding: name === 'RSA-PSS' ? 'pss' : 'pkcs1' });
  return signature.slice().buffer;
}

/** node's WebCrypto, except that keys from `bridgedPrivateKey` sign in their key store. */
export const bridgedCrypto = {
  subtle,
  getRandomValues: <T extends ArrayBufferView | null>(array: T): T => webcrypto.getRandomValues(array as never) as T,
  randomUUID: () => webcrypto.randomUUID(),
} as unknown as Crypto;

/** The same, as a pkijs engine (pkijs adds CMS helpers on top of WebCrypto). */
export const bridgedEngine = new pkijs.CryptoEngine({ name: 'medcert-key-store', crypto: bridgedCrypto });

const webCryptoAlgorithms: Record<KeyAlgorithm, Record<string, unknown>> = {
  'ECDSA-P256': { name: 'ECDSA', namedCurve: 'P-256' },
  'RSA-3072': { name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' }, modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]) },
};

/** A CryptoKey-shaped handle for `key`: only `bridgedCrypto` / `bridgedEngine` can sign with it. */
export function bridgedPrivateKey(key: SigningKey): CryptoKey {
  const handle = { type: 'private', extractable: false, algorithm: webCryptoAlgorithms[key.algorithm], usages: ['sign'] } as unknown as CryptoKey;
  signers.set(handle, key);
  return handle;
}

/** The key's public half as a real CryptoKey (for SubjectKeyIdentifier hashing and the like). */
export async function publicCryptoKey(key: SigningKey): Promise<CryptoKey> {
  const algorithm = key.algorithm === 'ECDSA-P256' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return webcrypto.subtle.importKey('spki', await key.publicKeySpki(), algorithm, true, ['verify']);
}
