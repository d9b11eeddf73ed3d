import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { flushDuringHeldWrite } from '../test-support/held-write';
import type { VerificationResult } from '../verify/verification';
import { addFacility } from './test-support';
import { countedVerification, createVerificationCounter, verificationOutcome } from './verification-counter';

let database: DatabaseHandle;
const onDay = (day: string) => sql<Date>`${day}::date`;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

const verdict = (valid: boolean, reasons: string[], facilityId?: string): VerificationResult =>
  ({ valid, reasons, signatures: [], document: facilityId ? { facility: { id: facilityId } } : null }) as unknown as VerificationResult;

test('outcomes are coarse: valid, revoked, superseded, unlicensed, or invalid for everything else', () => {
  assert.equal(verificationOutcome({ valid: true, reasons: [] }), 'valid');
  assert.equal(verificationOutcome({ valid: false, reasons: ['document.revoked'] }), 'revoked');
  assert.equal(verificationOutcome({ valid: false, reasons: ['document.superseded'] }), 'superseded');
  assert.equal(verificationOutcome({ valid: false, reasons: ['practitioner.licence-not-active-at-issuance'] }), 'unlicensed');
  assert.equal(verificationOutcome({ valid: false, reasons: ['signature.digest-mismatch'] }), 'invalid');
});

test('each verdict of the wrapped verify functions is counted by Thai day, channel, outcome and the issuer province', async () => {
  const facilityId = await addFacility(database.db, 'TH-50');
  const counter = createVerificationCounter({ db: database.db, now: () => new Date('2026-11-24T20:00:00Z'), flushDelayMs: 60_000 });
  const answers = [verdict(true, [], facilityId), verdict(true, [], facilityId), verdict(false, ['document.revoked'], facilityId), verdict(false, ['signature.digest-mismatch'])];
  let next = 0;
  const verification = countedVerification(counter, { pdf: async (_pdf: Uint8Array) => answers[next++]!, qr: async (_payload: string) => answers[0]! });
  for (let i = 0; i < 4; i++) await verification.pdf(new Uint8Array());
  await verification.qr('MC1:x');
  await counter.flush();
  const rows = await database.db.selectFrom('analytics_verifications_daily').select(['province', 'channel', 'outcome', 'count']).where('day', '=', onDay('2026-11-25')).orderBy('province').orderBy('channel').orderBy('outcome').execute();
  assert.deepEqual(rows, [
    { province: 'TH-50', channel: 'pdf', outcome: 'revoked', count: 1 },
    { province: 'TH-50', channel: 'pdf', outcome: 'valid', count: 2 },
    { province: 'TH-50', channel: 'qr', outcome: 'valid', count: 1 },
    { province: 'unknown', channel: 'pdf', outcome: 'invalid', count: 1 },
  ]);
  const national = await database.db.selectFrom('analytics_verifications_national_daily').select(['channel', 'outcome', 'count']).where('day', '=', onDay('2026-11-25')).orderBy('channel').orderBy('outcome').execute();
  assert.deepEqual(national, [
    { channel: 'pdf', outcome: 'invalid', count: 1 },
    { channel: 'pdf', outcome: 'revoked', count: 1 },
    { channel: 'pdf', outcome: 'valid', count: 2 },
    { channel: 'qr', outcome: 'valid', count: 1 },
  ]);
});

test('counts that could not be written are kept for the next flush; unreadable input is not a verdict', async () => {
  const counter = createVerificationCounter({ db: database.db, now: () => new Date('2026-10-01T05:00:00Z'), flushDelayMs: 60_000 });
  const verification = countedVerification(counter, {
    pdf: async (_pdf: Uint8Array): Promise<VerificationResult> => {
      throw new Error('not a PDF');
    },
    qr: async (_payload: string) => verdict(false, ['qr.invalid']),
  });
  await assert.rejects(verification.pdf(new Uint8Array()), /not a PDF/);
  await verification.qr('MC1:x');
  await sql`alter table analytics_verifications_national_daily rename to analytics_offline`.execute(database.db);
  await assert.rejects(counter.flush());
  await sql`alter table analytics_offline rename to analytics_verifications_national_daily`.execute(database.db);
  await counter.flush();
  const rows = await database.db.selectFrom('analytics_verifications_national_daily').select(['channel', 'outcome', 'count']).where('day', '=', onDay('2026-10-01')).execute();
  assert.deepEqual(rows, [{ channel: 'qr', outcome: 'invalid', count: 1 }]);
});

test('a flush returns only once counts recorded before it are written, also when a write in flight holds them', async () => {
  const { secondWaited } = await flushDuringHeldWrite(database.db, (held) => {
    const counter = createVerificationCounter({ db: held, now: () => new Date('2026-07-01T05:00:00Z'), flushDelayMs: 60_000 });
    counter.record('qr', verdict(true, []));
    return counter.flush;
  });
  assert.equal(secondWaited, true, 'the reader waits for the write in flight');
  const national = await database.db.selectFrom('analytics_verifications_national_daily').select(['channel', 'count']).where('day', '=', onDay('2026-07-01')).execute();
  assert.deepEqual(national, [{ channel: 'qr', count: 1 }]);
});
