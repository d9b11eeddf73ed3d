/**
 * The certificate's QR: `MC1:` + base45(zlib(COSE_Sign1(CBOR claims))), sealed with the facility's
 * e-seal key (ES256) and carrying the kid of its certificate, so a verifier checks it offline
 * against the trust list. Decoding never trusts the input: every step is bounded and typed.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { KeyObject } from 'node:crypto';
import { cborDecoder, cborEncoder, decodeCoseSign1, signCoseSign1, verifyCoseSign1 } from '../cose/sign1';
import { decodeBase45, encodeBase45 } from '../dcc/base45';
import { InvalidInputError } from '../errors';
import type { SigningIdentity } from '../pki/key-store';
import { kidOf } from '../verify/trust-list';

export const mc1Prefix = 'MC1:';
const maxInflatedBytes = 16 * 1024;

export interface Mc1Claims {
  id: string;
  type: string;
  /** Issue time, seconds since the epoch (as CWT's iat). */
  iat: number;
  facility: string;
  practitionerLicence: string;
  name: string;
  maskedId: string;
}

/** The QR payload is malformed, forged or sealed by an unknown key. */
export class InvalidQrPayloadError extends InvalidInputError {
  static override code = 'ERR_QR_PAYLOAD_INVALID';
}

export async function encodeMc1(claims: Mc1Claims, seal: SigningIdentity): Promise<string> {
  const payload = cborEncoder.encode(new Map(Object.entries(claims)));
  const signed = await signCoseSign1(payload, seal.key, { kid: Buffer.from(kidOf(seal.certificate), 'base64') });
  return mc1Prefix + encodeBase45(deflateSync(signed, { level: 9 }));
}

export interface DecodedMc1 {
  kid: string;
  claims: Mc1Claims;
  verify(key: KeyObject): boolean;
}

export function decodeMc1(text: string): DecodedMc1 {
  if (typeof text !== 'string' || !text.startsWith(mc1Prefix)) throw new InvalidQrPayloadError('The QR payload does not start with MC1:.');
  const compressed = decodeBase45(text.slice(mc1Prefix.length).trim());
  if (!compressed) throw new InvalidQrPayloadError('The QR payload is not valid base45.');
  let inflated: Buffer;
  try {
    inflated = inflateSync(compressed, { maxOutputLength: maxInflatedBytes });
  } catch {
    throw new InvalidQrPayloadError('The QR payload does not decompress (or is too large).');
  }
  let message;
  try {
    message = decodeCoseSign1(inflated);
  } catch {
    throw new InvalidQrPayloadError('The QR payload is not a COSE_Sign1 message.');
  }
  if (!message.kid) throw new InvalidQrPayloadError('The QR payload names no key (kid).');
  const claims = readClaims(message.payload);
  return { kid: Buffer.from(message.kid).toString('base64'), claims, verify: (key) => verifyCoseSign1(message, key) };
}

function readClaims(payload: Uint8Array): Mc1Claims {
  let decoded: unknown;
  try {
    decoded = cborDecoder.decode(payload);
  } catch {
    throw new InvalidQrPayloadError('The QR claims are not valid CBOR.');
  }
  if (!(decoded instanceof Map)) throw new InvalidQrPayloadError('The QR claims are not a map.');
  const get = (name: string) => decoded.get(name);
  const strings = ['id', 'type', 'facility', 'practitionerLicence', 'name', 'maskedId'] as const;
  for (const name of strings) if (typeof get(name) !== 'string' || (get(name) as string).length > 300) throw new InvalidQrPayloadError(`The QR claim "${name}" is missing or not text.`);
  if (typeof get('iat') !== 'number' || !Number.isInteger(get('iat'))) throw new InvalidQrPayloadError('The QR claim "iat" is missing or not a time.');
  return Object.fromEntries([...strings, 'iat'].map((name) => [name, get(name)])) as unknown as Mc1Claims;
}
