import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidNationalIdError } from '../identity/errors';
import { createWalletFixture, type WalletFixture } from '../test-support/wallet';
import { OneTimeCodeExpiredError, TooManyCodeAttemptsError, TooManyCodesSentError, WrongOneTimeCodeError } from './errors';
import { codeTtlMs, maxAttempts } from './otp-sign-in';

let f: WalletFixture;
let n = 0;
// A fresh, valid national ID per test, so one test's rate limit never touches another.
const nextId = () => {
  const first12 = `3${String(1_000_000_000 + n++).padStart(11, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (13 - i);
  return first12 + ((11 - (sum % 11)) % 10);
};
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

before(async () => {
  f = await createWalletFixture();
});
after(() => f.close());

test('the code goes to the phone on file', async () => {
  const nationalId = nextId();
  await f.addCitizen({ nationalId }, '+66812341234');
  const sent = await f.wallet.sendCode({ nationalId: `${nationalId.slice(0, 1)}-${nationalId.slice(1)}` }, 'th');
  await sent.delivery;
  assert.equal(f.sent.at(-1)!.phone, '+66812341234');
  assert.match(f.sent.at(-1)!.code, /^\d{6}$/);
  assert.equal(sent.expiresAt.getTime() - f.clock.now.getTime(), codeTtlMs);
});

test('the right code signs in once, creating the citizen account on first use and reusing it after', async () => {
  const nationalId = nextId();
  const subjectKey = await f.addCitizen({ nationalId }, '0812341234');
  const first = await f.wallet.sendCode({ nationalId }, 'th');
  const signedIn = await f.wallet.signIn(first.challengeId, f.sent.at(-1)!.code);
  const user = await f.database.db.selectFrom('users').select(['id', 'platform_role', 'citizen_subject_key']).where('id', '=', signedIn.userId).executeTakeFirstOrThrow();
  assert.deepEqual(user, { id: signedIn.userId, platform_role: 'citizen', citizen_subject_key: subjectKey });
  await assert.rejects(f.wallet.signIn(first.challengeId, f.sent.at(-1)!.code), OneTimeCodeExpiredError);
  const second = await f.wallet.sendCode({ nationalId }, 'th');
  assert.equal((await f.wallet.signIn(second.challengeId, f.sent.at(-1)!.code)).userId, signedIn.userId);
});

test('a passport with its nationality signs in like a national ID', async () => {
  await f.addCitizen({ passport: { number: 'MB123456', nationality: 'MMR' } }, '+959123456789');
  const sent = await f.wallet.sendCode({ passport: { number: 'mb 123456', nationality: 'mmr' } }, 'en');
  assert.equal(f.sent.at(-1)!.phone, '+959123456789');
  assert.ok((await f.wallet.signIn(sent.challengeId, f.sent.at(-1)!.code)).userId);
});

test('a wrong code is refused and counted', async () => {
  const nationalId = nextId();
  await f.addCitizen({ nationalId }, '0812341234');
  const sent = await f.wallet.sendCode({ nationalId }, 'th');
  await assert.rejects(f.wallet.signIn(sent.challengeId, wrong(f.sent.at(-1)!.code)), (error: unknown) => error instanceof WrongOneTimeCodeError && error.details?.attemptsLeft === maxAttempts - 1);
  assert.ok(await f.wallet.signIn(sent.challengeId, f.sent.at(-1)!.code));
});

test('a code is dead after 5 minutes', async () => {
  const nationalId = nextId();
  await f.addCitizen({ nationalId }, '0812341234');
  const sent = await f.wallet.sendCode({ nationalId }, 'th');
  const code = f.sent.at(-1)!.code;
  const start = f.clock.now;
  f.clock.now = new Date(start.getTime() + codeTtlMs);
  try {
    await assert.rejects(f.wallet.signIn(sent.challengeId, code), OneTimeCodeExpiredError);
  } finally {
    f.clock.now = start;
  }
});

test('after 5 wrong codes even the right one is refused', async () => {
  const nationalId = nextId();
  await f.addCitizen({ nationalId }, '0812341234');
  const sent = await f.wallet.sendCode({ nationalId }, 'th');
  const code = f.sent.at(-1)!.code;
  for (let i = 1; i < maxAttempts; i++) await assert.rejects(f.wallet.signIn(sent.challengeId, wrong(code)), WrongOneTimeCodeError);
  await assert.rejects(f.wallet.signIn(sent.challengeId, wrong(code)), TooManyCodeAttemptsError);
  await assert.rejects(f.wallet.signIn(sent.challengeId, code), TooManyCodeAttemptsError);
});

test('parallel guesses each use up an attempt', async () => {
  const nationalId = nextId();
  await f.addCitizen({ nationalId }, '0812341234');
  const sent = await f.wallet.sendCode({ nationalId }, 'th');
  const code = f.sent.at(-1)!.code;
  const guesses = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => f.wallet.signIn(sent.challengeId, wrong(String(Number(code) + i)))));
  assert.equal(guesses.filter((g) => g.status === 'rejected' && g.reason instanceof WrongOneTimeCodeError).length, maxAttempts - 1);
  await assert.rejects(f.wallet.signIn(sent.challengeId, code), TooManyCodeAttemptsError);
});

test('a new code replaces the one before it', async () => {
  const nationalId = nextId();
  await f.addCitizen({ nationalId }, '0812341234');
  const first = await f.wallet.sendCode({ nationalId }, 'th');
  const firstCode = f.sent.at(-1)!.code;
  await f.wallet.sendCode({ nationalId }, 'th');
  await assert.rejects(f.wallet.signIn(first.challengeId, firstCode), OneTimeCodeExpiredError);
});

test('at most 3 codes per 15 minutes for one ID', async () => {
  const nationalId = nextId();
  await f.addCitizen({ nationalId }, '0812341234');
  for (let i = 0; i < 3; i++) await f.wallet.sendCode({ nationalId }, 'th');
  const sentBefore = f.sent.length;
  await assert.rejects(f.wallet.sendCode({ nationalId }, 'th'), TooManyCodesSentError);
  assert.equal(f.sent.length, sentBefore);
});

test('an ID with no phone on file is answered like one with a phone, but nothing is sent and no code signs in', async () => {
  const before = f.sent.length;
  const nationalId = nextId();
  const withoutPhone = await f.wallet.sendCode({ nationalId }, 'th');
  const withPhoneId = nextId();
  await f.addCitizen({ nationalId: withPhoneId }, '0812341234');
  const withPhone = await f.wallet.sendCode({ nationalId: withPhoneId }, 'th');
  assert.deepEqual(Object.keys(withoutPhone).sort(), Object.keys(withPhone).sort());
  assert.equal(withoutPhone.expiresAt.getTime(), withPhone.expiresAt.getTime());
  await withoutPhone.delivery;
  assert.equal(f.sent.length, before + 1);
  // Every code is simply wrong, attempt by attempt, as on a real challenge.
  for (const code of ['000000', '123456']) await assert.rejects(f.wallet.signIn(withoutPhone.challengeId, code), WrongOneTimeCodeError);
  // The same limit of codes per 15 minutes.
  for (let i = 0; i < 2; i++) await f.wallet.sendCode({ nationalId }, 'th');
  await assert.rejects(f.wallet.sendCode({ nationalId }, 'th'), TooManyCodesSentError);
  assert.equal(f.sent.length, before + 1);
  await assert.rejects(f.wallet.sendCode({ nationalId: '1103702071812' }, 'th'), InvalidNationalIdError);
});

test('codes are stored only as a keyed hash', async () => {
  const nationalId = nextId();
  await f.addCitizen({ nationalId }, '0812341234');
  const sent = await f.wallet.sendCode({ nationalId }, 'th');
  const code = f.sent.at(-1)!.code;
  const row = await f.database.db.selectFrom('wallet_otp_challenges').selectAll().where('id', '=', sent.challengeId).executeTakeFirstOrThrow();
  assert.match(row.code_hash, /^[0-9a-f]{64}$/);
  assert.ok(!JSON.stringify(row).includes(code));
  assert.notEqual(row.code_hash, (await import('node:crypto')).createHash('sha256').update(code).digest('hex'));
});
