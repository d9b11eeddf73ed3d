/** The HCERT CWT (eHN HCERT spec section 3): claims iss (1), exp (4), iat (6) and hcert (-260) → {1: DCC payload}, and its JSON view. */
import { Tag } from 'cbor-x';
import { cborDecoder, cborEncoder } from '../cose/sign1';

export const cwtClaim = { iss: 1, exp: 4, iat: 6, hcert: -260 } as const;
/** Inside the hcert claim, the EU DCC payload sits under key 1. */
const euDccKey = 1;

export interface HcertClaims {
  issuer: string;
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
  payload: Record<string, unknown>;
}

export function encodeHcertClaims(claims: HcertClaims): Uint8Array {
  return cborEncoder.encode(
    new Map<number, unknown>([
      [cwtClaim.iss, claims.issuer],
      [cwtClaim.iat, claims.issuedAt],
      [cwtClaim.exp, claims.expiresAt],
      [cwtClaim.hcert, new Map([[euDccKey, claims.payload]])],
    ]),
  );
}

export interface DecodedClaims {
  claims: Map<unknown, unknown>;
  /** The DCC payload still in CBOR form (maps as Map), or undefined when the hcert claim is missing or malformed. */
  hcert: unknown;
}

/** Decodes the CWT claims map; null when the bytes are not a CBOR map. */
export function decodeHcertClaims(bytes: Uint8Array): DecodedClaims | null {
  let claims: unknown;
  try {
    claims = cborDecoder.decode(bytes);
  } catch {
    return null;
  }
  if (!(claims instanceof Map)) return null;
  const hcert = claims.get(cwtClaim.hcert);
  return { claims, hcert: hcert instanceof Map ? hcert.get(euDccKey) : undefined };
}

/**
 * The JSON form of a CBOR-decoded DCC payload, or undefined when it holds something JSON cannot
 * (byte strings, non-string map keys, unknown tags). CBOR date tags (0, 1, 100, 1004) become ISO strings.
 */
export function cborToJson(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().replace('.000Z', 'Z');
  // RFC 8943 dates, which some issuers use for dob and dt: 1004 is a full-date string, 100 days since the epoch.
  if (value instanceof Tag && value.tag === 1004 && typeof value.value === 'string') return value.value;
  if (value instanceof Tag && value.tag === 100 && Number.isInteger(value.value)) return new Date((value.value as number) * 86_400_000).toISOString().slice(0, 10);
  if (Array.isArray(value)) {
    const items = value.map(cborToJson);
    return items.includes(undefined) ? undefined : items;
  }
  if (value instanceof Map) {
    const object: Record<string, unknown> = {};
    for (const [key, item] of value) {
      const json = cborToJson(item);
      if (typeof key !== 'string' || json === undefined) return undefined;
      object[key] = json;
    }
    return object;
  }
  return undefined;
}
