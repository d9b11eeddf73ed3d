/**
 * The PKCS#11 key store, through graphene-pk11: keys are generated on the token as sensitive and
 * non-extractable and sign there. ECDSA uses CKM_ECDSA over a SHA-256 digest computed here (SoftHSM2
 * and many HSMs lack CKM_ECDSA_SHA256); RSA uses CKM_SHA256_RSA_PKCS or CKM_SHA256_RSA_PKCS_PSS.
 * `pki_keys` records each key's id, label and public key, so certificates can refer to it.
 */
import { createHash, createPublicKey, randomUUID } from 'node:crypto';
import * as graphene from 'graphene-pk11';
import type { Db } from '../db/database';
import { KeyNotFoundError, Pkcs11Error } from './errors';
import type { KeyAlgorithm, KeyStore, SigningKey } from './key-store';

export interface Pkcs11Options {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  library: string;
  tokenLabel: string;
  pin: string;
}

const pssSaltLength = 32;

export class Pkcs11KeyStore implements KeyStore {
  readonly kind = 'pkcs11' as const;
  readonly #db: Db;
  readonly #module: graphene.Module;
  readonly #session: graphene.Session;
  readonly #cache = new Map<string, SigningKey>();

  private constructor(db: Db, module: graphene.Module, session: graphene.Session) {
    this.#db = db;
    this.#module = module;
    this.#session = session;
  }

  /** Loads the module, finds the token by label and logs in as its user. */
  static open(db: Db, options: Pkcs11Options): Pkcs11KeyStore {
    try {
      const module = graphene.Module.load(options.library, 'medcert');
      module.initialize();
      const slots = module.getSlots(true);
      let slot: graphene.Slot | undefined;
      for (let index = 0; index < slots.length; index++) {
        const candidate = slots.items(index);
        if (candidate.getToken().label.trim() === options.tokenLabel) slot = candidate;
      }
      if (!slot) throw new Pkcs11Error(`No PKCS#11 token is labelled "${options.tokenLabel}".`);
      const session = slot.open(graphene.SessionFlag.SERIAL_SESSION | graphene.SessionFlag.RW_SESSION);
      loginOnce(session, options.pin);
      return new Pkcs11KeyStore(db, module, session);
    } catch (error) {
      // No C_Finalize here: the library is shared by the whole process, and another store may be using it.
      if (error instanceof Pkcs11Error) throw error;
      throw new Pkcs11Error(`The PKCS#11 token could not be opened: ${(error as Error).message}.`, undefined, { cause: error });
    }
  }

  async generate(label: string, algorithm: KeyAlgorithm): Promise<SigningKey> {
    const id = randomUUID();
    const ckaId = Buffer.from(id.replaceAll('-', ''), 'hex');
    const common = { token: true, id: ckaId, label };
    const keys =
      algorithm === 'ECDSA-P256'
        ? this.#session.generateKeyPair(
            graphene.KeyGenMechanism.EC,
            { ...common, keyType: graphene.KeyType.EC, verify: true, paramsEC: graphene.NamedCurve.getByName('secp256r1').value },
            { ...common, keyType: graphene.KeyType.EC, sign: true, private: true, sensitive: true, extractable: false },
          )
        : this.#session.generateKeyPair(
            graphene.KeyGenMechanism.RSA,
            { ...common, keyType: graphene.KeyType.RSA, verify: true, modulusBits: 3072, publicExponent: Buffer.from([1, 0, 1]) },
            { ...common, keyType: graphene.KeyType.RSA, sign: true, private: true, sensitive: true, extractable: false },
          );
    const spki = publicKeySpki(keys.publicKey, algorithm);
    await this.#db.insertInto('pki_keys').values({ id, label, algorithm, store: 'pkcs11', wrapped: null, public_key: spki }).execute();
    return this.#remember(this.#signingKey(id, algorithm, keys.privateKey, spki));
  }

  async get(id: string): Promise<SigningKey> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    const row = await this.#db.selectFrom('pki_keys').select(['algorithm', 'public_key']).where('id', '=', id).where('store', '=', 'pkcs11').executeTakeFirst();
    if (!row) throw new KeyNotFoundError(`No PKCS#11 key with id ${id}.`);
    const found = this.#session.find({ class: graphene.ObjectClass.PRIVATE_KEY, id: Buffer.from(id.replaceAll('-', ''), 'hex') });
    if (found.length === 0) throw new KeyNotFoundError(`The PKCS#11 token holds no private key with id ${id}.`);
    return this.#remember(this.#signingKey(id, row.algorithm, found.items(0).toType<graphene.PrivateKey>(), new Uint8Array(row.public_key)));
  }

  /** Logs out and finalizes the module: the last thing a process does with the token. */
  close(): void {
    this.#session.logout();
    this.#session.close();
    this.#module.finalize();
  }

  #remember(key: SigningKey): SigningKey {
    this.#cache.set(key.id, key);
    return key;
  }

  #signingKey(id: string, algorithm: KeyAlgorithm, privateKey: graphene.PrivateKey, spki: Uint8Array): SigningKey {
    const session = this.#session;
    return {
      id,
      algorithm,
      publicKeySpki: async () => spki,
      sign: async (data, options) => {
        try {
          if (algorithm === 'ECDSA-P256') return new Uint8Array(session.createSign('ECDSA', privateKey).once(createHash('sha256').update(data).digest()));
          const mechanism: graphene.MechanismType =
            options?.padding === 'pss' ? { name: 'SHA256_RSA_PKCS_PSS', params: new graphene.RsaPssParams(graphene.MechanismEnum.SHA256, graphene.RsaMgf.MGF1_SHA256, pssSaltLength) } : 'SHA256_RSA_PKCS';
          return new Uint8Array(session.createSign(mechanism, privateKey).once(Buffer.from(data)));
        } catch (error) {
          throw new Pkcs11Error(`The PKCS#11 token refused to sign: ${(error as Error).message}.`, undefined, { cause: error });
        }
      },
    };
  }
}

/** Logs in unless another store in this process already did: PKCS#11 login state is per application and token. */
function loginOnce(session: graphene.Session, pin: string): void {
  try {
    session.login(pin, graphene.UserType.USER);
  } catch (error) {
    if (!/CKR_USER_ALREADY_LOGGED_IN/.test((error as Error).message)) throw error;
  }
}

/** SubjectPublicKeyInfo DER of a token public key, via a JWK so node does the ASN.1. */
function publicKeySpki(key: graphene.PublicKey, algorithm: KeyAlgorithm): Uint8Array {
  const jwk =
    algorithm === 'ECDSA-P256'
      ? ecJwk(key.getAttribute({ pointEC: null }).pointEC!)
      : (() => {
          const { modulus, publicExponent } = key.getAttribute({ modulus: null, publicExponent: null });
          return { kty: 'RSA', n: modulus!.toString('base64url'), e: publicExponent!.toString('base64url') };
        })();
  return new Uint8Array(createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'der', type: 'spki' }));
}

/** CKA_EC_POINT is a DER OCTET STRING around the uncompressed point 04‖x‖y. */
function ecJwk(pointEc: Buffer) {
  const point = pointEc[0] === 0x04 && pointEc.length === 67 ? pointEc.subarray(2) : pointEc;
  if (point.length !== 65 || point[0] !== 0x04) throw new Pkcs11Error('The token returned an EC point that is not an uncompressed P-256 point.');
  return { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') };
}
