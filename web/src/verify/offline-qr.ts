/**
 * Checks an MC1 QR payload in the browser, without the server: "MC1:" + base45(zlib(COSE_Sign1))
 * whose ES256 signature is verified with WebCrypto against the e-seal key with the same kid in a
 * (cached) trust list. It proves who signed the claims, not whether they were revoked since.
 */
// The no-eval build: the default one probes `new Function`, which the pages' content security policy forbids.
import { Decoder, Encoder, Tag } from 'cbor-x/index-no-eval';
import { Unzlib } from 'fflate';

export const mc1Prefix = 'MC1:';
/** A QR holds at most ~3 KB; anything inflating past this is a zip bomb, not a certificate. */
export const maxInflatedBytes = 64 * 1024;

export interface TrustListSealKey {
  kid: string;
  facilityId: string;
  publicKeyJwk: JsonWebKey;
  notBefore: string;
  notAfter: string;
}

export interface TrustListForQr {
  issuedAt: string;
  sealKeys: TrustListSealKey[];
  facilities?: { id: string; nameTh?: string; nameEn?: string; licenceNumber?: string; status?: string }[];
}

/** The verify API's own QR codes (src/verify/reasons.ts), so an offline answer reads like an online one. */
export type OfflineReason = 'qr.invalid' | 'qr.untrusted-key';

export interface OfflineQrResult {
  valid: boolean;
  reasons: OfflineReason[];
  kid: string | null;
  facilityId: string | null;
  claims: Record<string, unknown> | null;
}

const coseSign1Tag = 18;
const cwtTag = 61;
const es256 = -7;
// Same settings as the server's COSE module (src/cose/sign1.ts): byte strings stay plain, integer map keys survive.
const decoder = new Decoder({ useRecords: false, mapsAsObjects: false });
const encoder = new Encoder({ useRecords: false, mapsAsObjects: false, variableMapSize: true, tagUint8Array: false });

export async function verifyMc1Offline(payload: string, trustList: TrustListForQr, subtle: SubtleCrypto = crypto.subtle): Promise<OfflineQrResult> {
  let message: DecodedSign1;
  try {
    message = decodeMc1(payload);
  } catch {
    return { valid: false, reasons: ['qr.invalid'], kid: null, facilityId: null, claims: null };
  }
  const kid = base64(message.kid);
  const key = trustList.sealKeys.find((candidate) => candidate.kid === kid);
  if (!key) return { valid: false, reasons: ['qr.untrusted-key'], kid, facilityId: null, claims: message.claims };
  const reasons: OfflineReason[] = [];
  if (!(await signatureHolds(message, key.publicKeyJwk, subtle))) reasons.push('qr.invalid');
  const issuedAt = issuedAtOf(message.claims);
  // A seal made outside its key's validity period is no more trustworthy than one from an unknown key.
  if (issuedAt && (issuedAt < new Date(key.notBefore) || issuedAt > new Date(key.notAfter))) reasons.push('qr.untrusted-key');
  return { valid: reasons.length === 0, reasons, kid, facilityId: key.facilityId, claims: message.claims };
}

interface DecodedSign1 {
  protectedBytes: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
  kid: Uint8Array;
  claims: Record<string, unknown>;
}

/** Throws on anything that is not a well-formed ES256 MC1 payload with a kid. */
export function decodeMc1(text: string): DecodedSign1 {
  if (!text.startsWith(mc1Prefix)) throw new Error('not an MC1 payload');
  const cose = unwrapTags(decoder.decode(inflateCapped(base45Decode(text.slice(mc1Prefix.length)))));
  if (!Array.isArray(cose) || cose.length !== 4) throw new Error('not a COSE_Sign1 array');
  const [protectedBytes, unprotectedHeader, payload, signature] = cose as unknown[];
  if (!(protectedBytes instanceof Uint8Array) || !(payload instanceof Uint8Array) || !(signature instanceof Uint8Array)) throw new Error('COSE_Sign1 fields must be byte strings');
  const protectedHeader: unknown = decoder.decode(protectedBytes);
  if (!(protectedHeader instanceof Map) || protectedHeader.get(1) !== es256) throw new Error('only ES256 is accepted');
  const kid = protectedHeader.get(4) ?? (unprotectedHeader instanceof Map ? unprotectedHeader.get(4) : undefined);
  if (!(kid instanceof Uint8Array)) throw new Error('no kid');
  const claims: unknown = decoder.decode(payload);
  if (!(claims instanceof Map)) throw new Error('claims must be a map');
  return { protectedBytes, payload, signature, kid, claims: Object.fromEntries([...claims].map(([name, value]) => [String(name), value])) };
}

async function signatureHolds(message: DecodedSign1, jwk: JsonWebKey, subtle: SubtleCrypto): Promise<boolean> {
  try {
    const key = await subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const sigStructure = encoder.encode(['Signature1', message.protectedBytes, new Uint8Array(0), message.payload]);
    // Copies: WebCrypto wants ArrayBuffer-backed views, decoders may hand out shared ones.
    return await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, new Uint8Array(message.signature), new Uint8Array(sigStructure));
  } catch {
    // A malformed key or signature is simply not a valid signature.
    return false;
  }
}

/** The issue time from the claims: CWT `iat` (label 6, seconds) or a named ISO `issuedAt`. */
export function issuedAtOf(claims: Record<string, unknown>): Date | null {
  const value = claims['6'] ?? claims.iat ?? claims.issuedAt;
  const date = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

function unwrapTags(value: unknown): unknown {
  let current = value;
  if (current instanceof Tag && current.tag === cwtTag) current = current.value;
  if (current instanceof Tag && current.tag === coseSign1Tag) current = current.value;
  return current;
}

const base45Alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/**
 * RFC 9285 base45, strict. Written here because the `base45` package returns a Node Buffer (absent
 * in browsers) and silently accepts characters outside the alphabet and out-of-range triples.
 */
export function base45Decode(text: string): Uint8Array {
  if (text.length % 3 === 1) throw new Error('base45 length');
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let at = 0;
  for (let i = 0; i < text.length; i += 3) {
    const digits = [...text.slice(i, i + 3)].map((char) => base45Alphabet.indexOf(char));
    if (digits.some((digit) => digit < 0)) throw new Error('base45 character');
    const value = digits.reduce((sum, digit, place) => sum + digit * 45 ** place, 0);
    if (digits.length === 3) {
      if (value > 0xffff) throw new Error('base45 triple out of range');
      out[at++] = value >> 8;
      out[at++] = value & 0xff;
    } else {
      if (value > 0xff) throw new Error('base45 pair out of range');
      out[at++] = value;
    }
  }
  return out;
}

function inflateCapped(data: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  const inflater = new Unzlib((chunk, final) => {
    size += chunk.length;
    if (size > maxInflatedBytes) throw new Error('inflated payload too large');
    chunks.push(chunk);
    done = final;
  });
  inflater.push(data, true);
  if (!done) throw new Error('truncated zlib stream');
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}
