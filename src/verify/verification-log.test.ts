import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { flushDuringHeldWrite } from '../test-support/held-write';
import { createVerificationLog } from './verification-log';

let database: DatabaseHandle;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

const verdict = (valid: boolean) => ({ valid, reasons: valid ? [] : ['document.unknown'], document: null });
const rows = () => database.db.selectFrom('verifications').select(['channel', 'valid', 'reasons', 'at']).orderBy('id').execute();

test('verifications are written together a moment later, in the order they happened, at the time they happened', async () => {
  await database.db.deleteFrom('verifications').execute();
  const times = [new Date('2026-03-01T10:00:00Z'), new Date('2026-03-01T10:00:01Z'), new Date('2026-03-01T10:00:02Z')];
  let statements = 0;
  let tick = 0;
  const log = createVerificationLog({
    db: database.db.withPlugin({ transformQuery: (args) => (statements++, args.node), transformResult: async (args) => args.result }),
    now: () => times[tick++]!,
    flushDelayMs: 50,
  });
  log.record('pdf', verdict(true), null);
  log.record('qr', verdict(false), null);
  log.record('qr', verdict(true), null);
  assert.equal((await rows()).length, 0, 'nothing is written at once');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(statements, 1, 'one insert for the three');
  assert.deepEqual(await rows(), [
    { channel: 'pdf', valid: true, reasons: [], at: times[0] },
    { channel: 'qr', valid: false, reasons: ['document.unknown'], at: times[1] },
    { channel: 'qr', valid: true, reasons: [], at: times[2] },
  ]);
});

test('flush writes at once, and rows the database refused are kept for the next flush', async () => {
  await database.db.deleteFrom('verifications').execute();
  let refuse = true;
  const log = createVerificationLog({
    db: database.db.withPlugin({
      transformQuery: (args) => {
        if (refuse) throw new Error('database unavailable');
        return args.node;
      },
      transformResult: async (args) => args.result,
    }),
    flushDelayMs: 60_000,
    onError: () => {},
  });
  log.record('pdf', verdict(true), null);
  await assert.rejects(log.flush(), /database unavailable/);
  refuse = false;
  log.record('qr', verdict(true), null);
  await log.flush();
  assert.deepEqual((await rows()).map((row) => row.channel), ['pdf', 'qr']);
});

test('a flush returns only once rows recorded before it are written, also when a write in flight holds them', async () => {
  await database.db.deleteFrom('verifications').execute();
  // The first flush (as the timer's would) takes the row and is held in its write; a reader flushes meanwhile.
  const { secondWaited } = await flushDuringHeldWrite(database.db, (held) => {
    const log = createVerificationLog({ db: held, flushDelayMs: 60_000 });
    log.record('pdf', verdict(true), null);
    return log.flush;
  });
  assert.equal(secondWaited, true, 'the reader waits for the write in flight');
  assert.deepEqual((await rows()).map((row) => row.channel), ['pdf']);
});
