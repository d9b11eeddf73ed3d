/**
 * Cookie sessions: the cookie holds a random token, the database only its digest and expiry. The CSRF
 * token is an HMAC of the session token, so it needs no storage and cannot be made without the cookie.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AccountsDeps } from './deps';
import { newOpaqueToken, tokenDigest } from './opaque-token';

export const sessionCookie = 'medcert_session';
export const csrfCookie = 'medcert_csrf';
export const csrfHeader = 'x-csrf-token';

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('medcert-csrf').digest('base64url');
}

export function csrfTokenMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export async function startSession(deps: AccountsDeps, userId: string): Promise<NewSession> {
  const token = newOpaqueToken();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.sessionTtlMs);
  // Housekeeping where it is cheap: the user's own expired sessions go when they sign in again.
  await deps.db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<=', now).execute();
  await deps.db.insertInto('sessions').values({ token_hash: tokenDigest(token), user_id: userId, expires_at: expiresAt }).execute();
  return { token, csrfToken: csrfTokenFor(token), expiresAt };
}

/** The user id behind a live session token, or null. */
export async function sessionUserId(deps: AccountsDeps, token: string): Promise<string | null> {
  const row = await deps.db
    .selectFrom('sessions')
    .select('user_id')
    .where('token_hash', '=', tokenDigest(token))
    .where('expires_at', '>', deps.now())
    .executeTakeFirst();
  return row?.user_id ?? null;
}

export async function endSession(deps: AccountsDeps, token: string): Promise<void> {
  await deps.db.deleteFrom('sessions').where('token_hash', '=', tokenDigest(token)).execute();
}
