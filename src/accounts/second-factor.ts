/** Checking a user's TOTP code, at login and again when a signer approves a batch; each time step is accepted once. */
import type { AccountsDeps } from './deps';
import { InvalidCredentialsError, TotpRequiredError } from './errors';
import { open } from './secret-box';
import { acceptTotp } from './totp';

export interface TotpState {
  id: string;
  totp_secret_sealed: string | null;
  totp_last_step: number | string | null;
}

/**
 * True when `code` is valid now and its step is newer than any used before. The step is claimed with a
 * conditional UPDATE, so of two concurrent requests with one code only the first wins.
 */
export async function consumeTotp(deps: AccountsDeps, user: TotpState, code: string): Promise<boolean> {
  if (!user.totp_secret_sealed) return false;
  const step = acceptTotp(open(deps.keys.totpSeal, user.totp_secret_sealed), code, deps.now(), user.totp_last_step === null ? null : Number(user.totp_last_step));
  if (step === null) return false;
  const claimed = await deps.db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** For actions that need a fresh second factor (approving a signing batch): throws unless the user's code is good now. */
export async function verifySecondFactor(deps: AccountsDeps, userId: string, code: string | undefined): Promise<void> {
  const user = await deps.db.selectFrom('users').select(['id', 'totp_secret_sealed', 'totp_last_step']).where('id', '=', userId).where('disabled_at', 'is', null).executeTakeFirst();
  if (!user?.totp_secret_sealed) throw new TotpRequiredError('This action needs a second factor, and the account has no authenticator enrolled.');
  if (!code) throw new TotpRequiredError('This action needs the 6-digit code from your authenticator app.');
  if (!(await consumeTotp(deps, user, code))) throw new InvalidCredentialsError('The one-time code is wrong or was already used.');
}
