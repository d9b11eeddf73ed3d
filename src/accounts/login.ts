/** Password + TOTP login: one answer for every wrong credential, timing that does not reveal whether a user exists, audited. */
import type { AccountsDeps, RequestOrigin } from './deps';
import { InvalidCredentialsError, TotpRequiredError } from './errors';
import { hashPassword, verifyPassword } from './password';
import { consumeTotp } from './second-factor';
import { startSession, type NewSession } from './sessions';

export interface LoginRequest {
  username: string;
  password: string;
  totp?: string;
}

export interface LoginResult extends NewSession {
  userId: string;
}

// Unknown usernames still cost one scrypt, so response time does not tell which usernames exist.
const decoyHashes = new Map<string, Promise<string>>();
function decoyHash(deps: AccountsDeps): Promise<string> {
  const key = `${deps.scrypt.N}/${deps.scrypt.r}/${deps.scrypt.p}`;
  if (!decoyHashes.has(key)) decoyHashes.set(key, hashPassword('decoy-password-never-used', deps.scrypt));
  return decoyHashes.get(key)!;
}

export async function login(deps: AccountsDeps, request: LoginRequest, origin: RequestOrigin): Promise<LoginResult> {
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'password_hash', 'totp_secret_sealed', 'totp_last_step', 'disabled_at'])
    .where('username', '=', request.username.trim().toLowerCase())
    .executeTakeFirst();
  const passwordOk = await verifyPassword(request.password, user?.password_hash ?? (await decoyHash(deps)));
  const fail = async (reason: string): Promise<never> => {
    await deps.audit.append({ actor: 'anonymous', action: 'auth.login_failed', targetKind: 'user', targetId: user?.id ?? 'unknown', ip: origin.ip, requestId: origin.requestId, details: { reason } });
    throw new InvalidCredentialsError('The username, password or one-time code is wrong.');
  };
  if (!user || !passwordOk) return fail(user ? 'password' : 'unknown_user');
  if (user.disabled_at) return fail('disabled');
  if (user.totp_secret_sealed) {
    if (!request.totp) throw new TotpRequiredError('This account needs the 6-digit code from its authenticator app.');
    if (!(await consumeTotp(deps, user, request.totp))) return fail('totp');
  }
  const session = await startSession(deps, user.id);
  await deps.audit.append({ actor: `user:${user.id}`, action: 'auth.login', targetKind: 'user', targetId: user.id, ip: origin.ip, requestId: origin.requestId, details: { secondFactor: Boolean(user.totp_secret_sealed) } });
  return { userId: user.id, ...session };
}
