/** Creating user accounts: a normalised username, a scrypt password hash, and optionally a TOTP secret shown once. */
import type { Db } from '../db/database';
import { InvalidInputError } from '../errors';
import { provinceCodeFromInput } from '../registry/provinces';
import type { AccountsDeps } from './deps';
import { UsernameTakenError } from './errors';
import { checkPasswordPolicy, hashPassword } from './password';
import { seal } from './secret-box';
import type { PlatformRole } from './tables';
import { newTotpSecret } from './totp';

export interface NewUser {
  username: string;
  password: string;
  platformRole?: PlatformRole;
  practitionerId?: string | null;
  citizenSubjectKey?: string | null;
  /** Required for, and only for, provincial officers: an ISO 3166-2:TH code (TH-50) or the province's Thai or English name; stored as the code. */
  province?: string | null;
  /** Enrol a TOTP second factor now (every staff account should). */
  withTotp?: boolean;
}

export interface CreatedUser {
  id: string;
  /** Shown once, for the authenticator app; only the sealed secret is stored. */
  totp?: { secret: string; uri: string };
}

const usernameShape = /^[a-z0-9][a-z0-9._@+-]{2,99}$/;

export function normaliseUsername(username: string): string {
  const normalised = username.trim().toLowerCase();
  if (!usernameShape.test(normalised)) throw new InvalidInputError('A username has 3 to 100 letters, digits or . _ @ + - characters.');
  return normalised;
}

/** The officer's province as its code; null for everyone else. */
function officerProvince(user: NewUser): string | null {
  if ((user.platformRole === 'provincial_officer') !== Boolean(user.province?.trim())) throw new InvalidInputError('A provincial officer, and only a provincial officer, is given a province.');
  if (!user.province) return null;
  const code = provinceCodeFromInput(user.province);
  if (!code) throw new InvalidInputError(`"${user.province.trim().slice(0, 60)}" is not a Thai province: give its ISO 3166-2:TH code (e.g. TH-50) or its Thai or English name (e.g. เชียงใหม่, Chiang Mai).`);
  return code;
}

/** Pass a transaction as `within` to create the user together with what it belongs to (e.g. a verifier organisation). */
export async function createUser(deps: AccountsDeps, user: NewUser, within: Db = deps.db): Promise<CreatedUser> {
  const username = normaliseUsername(user.username);
  const province = officerProvince(user);
  checkPasswordPolicy(user.password);
  const totp = user.withTotp ? newTotpSecret(username) : undefined;
  const passwordHash = await hashPassword(user.password, deps.scrypt);
  const row = await within
    .insertInto('users')
    .values({
      username,
      password_hash: passwordHash,
      totp_secret_sealed: totp ? seal(deps.keys.totpSeal, totp.secret) : null,
      totp_last_step: null,
      platform_role: user.platformRole ?? 'none',
      practitioner_id: user.practitionerId ?? null,
      citizen_subject_key: user.citizenSubjectKey ?? null,
      province,
      disabled_at: null,
    })
    .onConflict((c) => c.column('username').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new UsernameTakenError('That username is already taken.');
  await deps.audit.append({ actor: 'system', action: 'account.user_created', targetKind: 'user', targetId: row.id, details: { platformRole: user.platformRole ?? 'none', secondFactor: Boolean(totp) } }, within);
  return { id: row.id, totp };
}
