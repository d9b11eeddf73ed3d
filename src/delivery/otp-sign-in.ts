/**
 * Citizens sign in to the wallet with their national ID (or passport and nationality) and a six-digit
 * code sent by SMS to the phone on file for that identity. Codes live 5 minutes, allow 5 attempts, are
 * stored only as an HMAC, and a new code replaces any earlier one; at most 3 codes per 15 minutes.
 * Asking for a code answers alike whether or not a phone is on file, so the form cannot tell anyone
 * whether a person has been issued certificates: without a phone the challenge is made all the same,
 * but with a hash no code matches, and nothing is sent.
 */
import { createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AuditAppender } from '../certificates/ports';
import { subjectKey } from '../certificates/patient';
import type { Db } from '../db/database';
import { ForbiddenError } from '../errors';
import { parsePassport } from '../identity/foreign-identifier';
import { parseNationalId } from '../identity/thai-national-id';
import { contactPhoneOf } from './citizen-contacts';
import { OneTimeCodeExpiredError, TooManyCodeAttemptsError, TooManyCodesSentError, WrongOneTimeCodeError } from './errors';
import type { SmsSender } from './sms-sender';

export const codeTtlMs = 5 * 60_000;
export const maxAttempts = 5;
export const maxCodesPerWindow = 3;
export const codeWindowMs = 15 * 60_000;

export type CitizenIdentifier = { nationalId: string } | { passport: { number: string; nationality: string } };

export interface OtpDeps {
  db: Db;
  sms: SmsSender;
  audit: AuditAppender;
  /** HMAC key for codes at rest, derived from the KEK. */
  codeKey: Uint8Array;
  now: () => Date;
  /** Six digits; replaceable in tests. */
  newCode?: () => string;
}

export interface CodeSent {
  challengeId: string;
  expiresAt: Date;
  /**
   * Settles when the SMS gateway has taken the code (at once when no phone is on file). Not for the
   * request to wait on: an ID with a phone must answer as fast as one without.
   */
  delivery: Promise<void>;
}

/** The subject key of a sign-in identifier, checked the way issuance checks it (so the keys match). */
export function subjectKeyOf(identifier: CitizenIdentifier): string {
  if ('nationalId' in identifier) return subjectKey({ nationalId: parseNationalId(identifier.nationalId), nameEn: '' });
  return subjectKey({ passport: parsePassport(identifier.passport.number, identifier.passport.nationality), nameEn: '' });
}

export function codeDigest(key: Uint8Array, challengeId: string, code: string): string {
  return createHmac('sha256', key).update(`${challengeId}:${code}`).digest('hex');
}

export async function sendSignInCode(deps: OtpDeps, identifier: CitizenIdentifier, lang: 'th' | 'en'): Promise<CodeSent> {
  const subject = subjectKeyOf(identifier);
  const phone = await contactPhoneOf(deps.db, subject);
  const now = deps.now();
  const challengeId = randomUUID();
  const code = deps.newCode?.() ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + codeTtlMs);
  // Without a phone: 32 random bytes where the HMAC goes, which no code's HMAC will equal.
  const codeHash = phone ? codeDigest(deps.codeKey, challengeId, code) : randomBytes(32).toString('hex');
  await deps.db.transaction().execute(async (trx) => {
    // Serialises concurrent requests for one subject, so the per-window count cannot be raced past.
    await trx.selectFrom('citizen_contacts').select('subject_key').where('subject_key', '=', subject).forUpdate().execute();
    const recent = await trx
      .selectFrom('wallet_otp_challenges')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('subject_key', '=', subject)
      .where('created_at', '>', new Date(now.getTime() - codeWindowMs))
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= maxCodesPerWindow) throw new TooManyCodesSentError('Too many codes were sent for this ID; wait 15 minutes and try again.');
    await trx.updateTable('wallet_otp_challenges').set({ consumed_at: now }).where('subject_key', '=', subject).where('consumed_at', 'is', null).execute();
    await trx.insertInto('wallet_otp_challenges').values({ id: challengeId, subject_key: subject, code_hash: codeHash, expires_at: expiresAt, consumed_at: null, created_at: now }).execute();
    await deps.audit.append({ actor: 'anonymous', action: phone ? 'wallet.code_sent' : 'wallet.code_asked_without_phone', targetKind: 'otp_challenge', targetId: challengeId }, trx);
  });
  const delivery = phone ? deps.sms.sendOneTimeCode({ phone, code, lang }) : Promise.resolve();
  return { challengeId, expiresAt, delivery };
}

/** The subject key the code proves, once; throws typed errors for wrong, expired or exhausted codes. */
export async function checkSignInCode(deps: OtpDeps, challengeId: string, code: string): Promise<string> {
  const now = deps.now();
  // Counting the attempt and reading the challenge is one statement: parallel guesses each use up an attempt.
  const challenge = await deps.db
    .updateTable('wallet_otp_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', challengeId)
    .where('consumed_at', 'is', null)
    .returning(['subject_key', 'code_hash', 'attempts', 'expires_at'])
    .executeTakeFirst();
  const fail = async (reason: string) => deps.audit.append({ actor: 'anonymous', action: 'wallet.sign_in_failed', targetKind: 'otp_challenge', targetId: challengeId, details: { reason } });
  if (!challenge || challenge.expires_at <= now) {
    if (challenge) await fail('expired');
    throw new OneTimeCodeExpiredError('This code has expired or was already used; ask for a new one.');
  }
  if (challenge.attempts > maxAttempts) {
    await fail('too_many_attempts');
    throw new TooManyCodeAttemptsError('Too many wrong codes; ask for a new one.');
  }
  const expected = Buffer.from(challenge.code_hash, 'hex');
  const actual = Buffer.from(codeDigest(deps.codeKey, challengeId, code), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    await fail('wrong_code');
    const attemptsLeft = maxAttempts - challenge.attempts;
    if (attemptsLeft === 0) throw new TooManyCodeAttemptsError('Too many wrong codes; ask for a new one.');
    throw new WrongOneTimeCodeError(`The code is wrong; ${attemptsLeft} attempts left.`, { attemptsLeft });
  }
  const consumed = await deps.db.updateTable('wallet_otp_challenges').set({ consumed_at: now }).where('id', '=', challengeId).where('consumed_at', 'is', null).returning('id').executeTakeFirst();
  if (!consumed) throw new OneTimeCodeExpiredError('This code has expired or was already used; ask for a new one.');
  return challenge.subject_key;
}

/** The citizen's wallet account, created on first sign-in; it has no password (the code is the only way in). */
export async function ensureCitizenUser(deps: Pick<OtpDeps, 'db' | 'audit'>, subject: string): Promise<string> {
  const existing = await deps.db.selectFrom('users').select(['id', 'disabled_at']).where('citizen_subject_key', '=', subject).executeTakeFirst();
  if (existing) {
    if (existing.disabled_at) throw new ForbiddenError('This wallet account is disabled.');
    return existing.id;
  }
  const created = await deps.db
    .insertInto('users')
    .values({
      username: `citizen.${subject}`,
      // Not a scrypt hash, so password sign-in can never succeed for a citizen.
      password_hash: 'one-time-code-only',
      totp_secret_sealed: null,
      totp_last_step: null,
      platform_role: 'citizen',
      practitioner_id: null,
      citizen_subject_key: subject,
      disabled_at: null,
    })
    .onConflict((c) => c.column('citizen_subject_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!created) return ensureCitizenUser(deps, subject);
  await deps.audit.append({ actor: 'system', action: 'account.user_created', targetKind: 'user', targetId: created.id, details: { platformRole: 'citizen', secondFactor: false } });
  return created.id;
}
