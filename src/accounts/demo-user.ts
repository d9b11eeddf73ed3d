/**
 * A demo sign-in for the Station: a user linked to the demo practitioner whose password and TOTP
 * secret are derived from the accounts key, so every run of the demo seed prints the same working login.
 */
import { createHmac } from 'node:crypto';
import type { AccountsDeps } from './deps';
import { hashPassword } from './password';
import { seal } from './secret-box';
import type { PlatformRole } from './tables';
import { newTotpSecret } from './totp';
import { normaliseUsername } from './users';

export interface DemoLogin {
  userId: string;
  username: string;
  password: string;
  /** Base32, for an authenticator app or `totpCode` in scripts. */
  totpSecret: string;
  totpUri: string;
}

export async function ensureDemoUser(deps: AccountsDeps, user: { username: string; practitionerId?: string | null; platformRole?: PlatformRole }): Promise<DemoLogin> {
  const username = normaliseUsername(user.username);
  const derive = (purpose: string) => createHmac('sha256', deps.keys.demoClient).update(`${purpose}:${username}`).digest();
  const password = derive('password').toString('base64url').slice(0, 24);
  const totp = newTotpSecret(username, derive('totp'));
  const values = {
    username,
    password_hash: await hashPassword(password, deps.scrypt),
    totp_secret_sealed: seal(deps.keys.totpSeal, totp.secret),
    platform_role: user.platformRole ?? 'none',
    practitioner_id: user.practitionerId ?? null,
  };
  const row = await deps.db
    .insertInto('users')
    .values({ ...values, totp_last_step: null, citizen_subject_key: null, disabled_at: null })
    .onConflict((c) => c.column('username').doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  return { userId: row.id, username, password, totpSecret: totp.secret, totpUri: totp.uri };
}
