/** Random bearer secrets (sessions, access tokens, client secrets) and the SHA-256 digests stored in their place. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url: too much entropy to guess, so a fast hash is enough at rest. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function digestMatches(token: string, storedDigest: string): boolean {
  const actual = Buffer.from(tokenDigest(token), 'hex');
  const expected = Buffer.from(storedDigest, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
