/** COSE_Sign1 (RFC 9052 section 4.2): sign over a key store key, decode without trusting the input, verify with node:crypto. */
import { verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { Decoder, Encoder, Tag } from 'cbor-x';
import type { SigningKey } from '../pki/key-store';
import { coseAlgorithms, signingAlgorithmFor, verifyOptionsFor } from './algorithms';
import { CoseMalformedError } from './errors';

/** Header labels of RFC 9052 section 3.1 that we read or write. */
export const coseHeader = { alg: 1, kid: 4 } as const;

const coseSign1Tag = 18;
/** RFC 8392: a CWT may be wrapped in this tag around the COSE tag; EU DCC vectors use both forms. */
const cwtTag = 61;

// Uint8Array must encode as a plain byte string, not cbor-x's typed-array tag; maps keep integer keys.
export const cborEncoder = new Encoder({ useRecords: false, mapsAsObjects: false, variableMapSize: true, tagUint8Array: false });
export const cborDecoder = new Decoder({ useRecords: false, mapsAsObjects: false });

export type HeaderMap = Map<number | string, unknown>;

/**
 * A decoded COSE_Sign1 message. `alg` and `kid` come from the protected header, else from the
 * unprotected one (EU DCC vectors carry both forms); an unprotected `alg` cannot be swapped for
 * another family, as verification checks it against the key type.
 */
export interface CoseSign1 {
  protectedBytes: Uint8Array;
  protectedHeader: HeaderMap;
  unprotectedHeader: HeaderMap;
  payload: Uint8Array;
  signature: Uint8Array;
  alg: number | undefined;
  kid: Uint8Array | undefined;
}

export interface SignOptions {
  /** Key identifier carried in the protected header. */
  kid?: Uint8Array;
}

/** Signs `payload` and returns the tagged COSE_Sign1 bytes (ES256 for P-256 keys, PS256 for RSA keys). */
export async function signCoseSign1(payload: Uint8Array, key: SigningKey, options: SignOptions = {}): Promise<Uint8Array> {
  const alg = signingAlgorithmFor(key.algorithm);
  const protectedHeader: HeaderMap = new Map<number, unknown>([[coseHeader.alg, alg]]);
  if (options.kid) protectedHeader.set(coseHeader.kid, options.kid);
  const protectedBytes = cborEncoder.encode(protectedHeader);
  const signature = await key.sign(sigStructure(protectedBytes, payload), alg === coseAlgorithms.PS256 ? { padding: 'pss' } : undefined);
  return cborEncoder.encode(new Tag([protectedBytes, new Map(), payload, signature], coseSign1Tag));
}

/** Decodes COSE_Sign1 bytes (tagged 18, wrapped in CWT tag 61, or untagged); throws CoseMalformedError on anything else. */
export function decodeCoseSign1(bytes: Uint8Array): CoseSign1 {
  const structure = unwrapTags(decodeCbor(bytes, 'The COSE message is not valid CBOR.'));
  if (!Array.isArray(structure) || structure.length !== 4) throw new CoseMalformedError('The COSE message is not a four-element COSE_Sign1 array.');
  const [protectedBytes, unprotectedHeader, payload, signature] = structure as unknown[];
  if (!(protectedBytes instanceof Uint8Array) || !(payload instanceof Uint8Array) || !(signature instanceof Uint8Array)) {
    throw new CoseMalformedError('The COSE_Sign1 protected header, payload and signature must be byte strings.');
  }
  if (!(unprotectedHeader instanceof Map)) throw new CoseMalformedError('The COSE_Sign1 unprotected header must be a map.');
  const protectedHeader = protectedBytes.length === 0 ? new Map() : decodeCbor(protectedBytes, 'The COSE protected header is not valid CBOR.');
  if (!(protectedHeader instanceof Map)) throw new CoseMalformedError('The COSE protected header must be a map.');
  return {
    protectedBytes,
    protectedHeader,
    unprotectedHeader,
    payload,
    signature,
    alg: integer(protectedHeader.get(coseHeader.alg)) ?? integer(unprotectedHeader.get(coseHeader.alg)),
    kid: byteString(protectedHeader.get(coseHeader.kid)) ?? byteString(unprotectedHeader.get(coseHeader.kid)),
  };
}

/** True when the signature is valid for `key` under the message's protected algorithm; false for any mismatch or unknown algorithm. */
export function verifyCoseSign1(message: CoseSign1, key: KeyObject): boolean {
  if (message.alg === undefined) return false;
  const options = verifyOptionsFor(message.alg, key);
  if (!options) return false;
  try {
    return cryptoVerify(options.hash, sigStructure(message.protectedBytes, message.payload), options.key, message.signature);
  } catch {
    // A signature of the wrong length or shape is simply not valid.
    return false;
  }
}

/** The Sig_structure of RFC 9052 section 4.4 for COSE_Sign1, with empty external AAD. */
function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return cborEncoder.encode(['Signature1', protectedBytes, new Uint8Array(0), payload]);
}

function decodeCbor(bytes: Uint8Array, message: string): unknown {
  try {
    return cborDecoder.decode(bytes);
  } catch (error) {
    throw new CoseMalformedError(message, undefined, { cause: error });
  }
}

function unwrapTags(value: unknown): unknown {
  let current = value;
  if (current instanceof Tag && current.tag === cwtTag) current = current.value;
  if (current instanceof Tag && current.tag === coseSign1Tag) current = current.value;
  if (current instanceof Tag) throw new CoseMalformedError(`The COSE message carries tag ${current.tag}, not COSE_Sign1.`);
  return current;
}

function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function byteString(value: unknown): Uint8Array | undefined {
  return value instanceof Uint8Array ? value : undefined;
}
