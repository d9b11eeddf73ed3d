/** Password hashing with scrypt (node:crypto): per-user salt, parameters stored beside the hash, constant-time comparison. */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { InvalidInputError } from '../errors';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * One of OWASP's equivalent minimums for scrypt: N=2^15, r=8, p=3 costs as much time as N=2^17, p=1
 * but 32 MiB instead of 128 MiB per hash, so a burst of logins on a 2-core node cannot exhaust memory.
 */
export const defaultScryptParams: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

const keyLength = 32;
const minPasswordLength = 10;
const maxPasswordLength = 256;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Refuses passwords too short to resist guessing or long enough to be a denial of service. */
export function checkPasswordPolicy(password: string): void {
  if (password.length < minPasswordLength) throw new InvalidInputError(`A password needs at least ${minPasswordLength} characters.`);
  if (password.length > maxPasswordLength) throw new InvalidInputError(`A password has at most ${maxPasswordLength} characters.`);
}

/** `scrypt$N$r$p$salt$hash` with base64url salt and hash. */
export async function hashPassword(password: string, params: ScryptParams = defaultScryptParams): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || password.length > maxPasswordLength) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  const actual = await derive(password, Buffer.from(parts[4]!, 'base64url'), { N, r, p });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
