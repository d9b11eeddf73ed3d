/**
 * A signed-in user enrols (or replaces) their authenticator: a fresh secret is sealed as pending and
 * its otpauth URI shown once; it becomes the account's second factor only when a first code from it
 * is confirmed, so a half-finished enrolment never locks anyone out.
 */
import { ConflictError } from '../errors';
import type { AccountsDeps, RequestOrigin } from './deps';
import { InvalidCredentialsError } from './errors';
import { open, seal } from './secret-box';
import { acceptTotp, newTotpSecret } from './totp';

/** There is no enrolment to confirm: start one first. */
export class NoPendingEnrolmentError extends ConflictError {
  static override code = 'ERR_NO_PENDING_TOTP_ENROLMENT';
}

export interface TotpEnrolment {
  /** Base32, for typing into an authenticator app by hand. */
  secret: string;
  /** otpauth:// URI, shown as a QR code. */
  uri: string;
}

export async function startTotpEnrolment(deps: AccountsDeps, userId: string): Promise<TotpEnrolment> {
  const user = await deps.db.selectFrom('users').select('username').where('id', '=', userId).where('disabled_at', 'is', null).executeTakeFirstOrThrow();
  const totp = newTotpSecret(user.username);
  await deps.db.updateTable('users').set({ totp_pending_sealed: seal(deps.keys.totpSeal, totp.secret) }).where('id', '=', userId).execute();
  return totp;
}

export async function confirmTotpEnrolment(deps: AccountsDeps, userId: string, code: string, origin: RequestOrigin): Promise<void> {
  const user = await deps.db.selectFrom('users').select(['totp_pending_sealed', 'totp_last_step']).where('id', '=', userId).where('disabled_at', 'is', null).executeTakeFirst();
  if (!user?.totp_pending_sealed) throw new NoPendingEnrolmentError('There is no authenticator enrolment to confirm; start one first.');
  const step = acceptTotp(open(deps.keys.totpSeal, user.totp_pending_sealed), code, deps.now(), user.totp_last_step === null ? null : Number(user.totp_last_step));
  if (step === null) throw new InvalidCredentialsError('The one-time code is wrong or was already used.');
  // Only the enrolment this code was checked against is promoted, and the code's step is spent.
  const promoted = await deps.db
    .updateTable('users')
    .set({ totp_secret_sealed: user.totp_pending_sealed, totp_pending_sealed: null, totp_last_step: step })
    .where('id', '=', userId)
    .where('totp_pending_sealed', '=', user.totp_pending_sealed)
    .executeTakeFirst();
  if (Number(promoted.numUpdatedRows) !== 1) throw new NoPendingEnrolmentError('The enrolment changed meanwhile; start again.');
  await deps.audit.append({ actor: `user:${userId}`, action: 'account.totp_enrolled', targetKind: 'user', targetId: userId, ip: origin.ip, requestId: origin.requestId });
}

/** Whether the user has a confirmed second factor. */
export async function hasTotp(deps: AccountsDeps, userId: string): Promise<boolean> {
  const user = await deps.db.selectFrom('users').select('totp_secret_sealed').where('id', '=', userId).executeTakeFirst();
  return Boolean(user?.totp_secret_sealed);
}
