/**
 * The software key store: keys generated with node:crypto, kept in `pki_keys` as PKCS#8 wrapped with
 * AES-256-GCM under the KEK, and held unwrapped in process memory once used so signing stays fast.
 */
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
// Once unwrapped, a software key signs like any in-memory node:crypto key.
import { inMemorySigningKey } from '../cose/in-memory-signing-key';
import type { Db } from '../db/database';
import { KeyNotFoundError, KeyUnwrapError } from './errors';
import type { KeyAlgorithm, KeyStore, SigningKey } from './key-store';

const generateKeyPairAsync = promisify(generateKeyPair);
const ivLength = 12;
const tagLength = 16;

export class SoftwareKeyStore implements KeyStore {
  readonly kind = 'software' as const;
  readonly #cache = new Map<string, SigningKey>();
  readonly #db: Db;
  readonly #kekSource: Buffer | (() => Buffer);
  #kek?: Buffer;

  /** `kek` may be a function, so a development KEK file is only created once a key is used. */
  constructor(db: Db, kek: Buffer | (() => Buffer)) {
    this.#db = db;
    this.#kekSource = kek;
  }

  get #wrappingKey(): Buffer {
    this.#kek ??= typeof this.#kekSource === 'function' ? this.#kekSource() : this.#kekSource;
    return this.#kek;
  }

  async generate(label: string, algorithm: KeyAlgorithm): Promise<SigningKey> {
    const { privateKey } = algorithm === 'ECDSA-P256' ? await generateKeyPairAsync('ec', { namedCurve: 'P-256' }) : await generateKeyPairAsync('rsa', { modulusLength: 3072 });
    const id = randomUUID();
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
    const publicKey = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
    await this.#db.insertInto('pki_keys').values({ id, label, algorithm, store: 'software', wrapped: wrap(this.#wrappingKey, pkcs8, aad(id, algorithm)), public_key: publicKey }).execute();
    return this.#remember(inMemorySigningKey(privateKey, id));
  }

  async get(id: string): Promise<SigningKey> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    const row = await this.#db.selectFrom('pki_keys').select(['algorithm', 'wrapped']).where('id', '=', id).where('store', '=', 'software').executeTakeFirst();
    if (!row?.wrapped) throw new KeyNotFoundError(`No software key with id ${id}.`);
    const privateKey = createPrivateKey({ key: unwrap(this.#wrappingKey, row.wrapped, aad(id, row.algorithm)), format: 'der', type: 'pkcs8' });
    return this.#remember(inMemorySigningKey(privateKey, id));
  }

  #remember(key: SigningKey): SigningKey {
    this.#cache.set(key.id, key);
    return key;
  }
}

/** Binds the ciphertext to its row, so a wrapped key copied onto another row does not unwrap. */
function aad(id: string, algorithm: KeyAlgorithm): Buffer {
  return Buffer.from(`medcert-key:${id}:${algorithm}`);
}

export function wrap(kek: Buffer, plaintext: Buffer, associatedData: Buffer): Uint8Array {
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv('aes-256-gcm', kek, iv).setAAD(associatedData);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

export function unwrap(kek: Buffer, wrapped: Uint8Array, associatedData: Buffer): Buffer {
  const bytes = Buffer.from(wrapped);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, bytes.subarray(0, ivLength)).setAAD(associatedData);
    decipher.setAuthTag(bytes.subarray(bytes.length - tagLength));
    return Buffer.concat([decipher.update(bytes.subarray(ivLength, bytes.length - tagLength)), decipher.final()]);
  } catch (error) {
    throw new KeyUnwrapError('A stored signing key cannot be unwrapped: MEDCERT_KEK is not the key it was wrapped under.', undefined, { cause: error });
  }
}
