import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createAuditLog } from '../audit/audit-log';
import { openDatabase } from '../db/database';
import { UsageError } from '../errors';
import { captureOutput, useCliDataDir } from '../test-support/cli-data-dir';
import { run } from './audit';

const dataDir = useCliDataDir('audit-cli');
const runCapturing = (args: string[]) => captureOutput(() => run(args));

test('medcert audit verify: exit 0 and a sentence when the chain is intact', async () => {
  const database = await openDatabase({ dataDir });
  const audit = createAuditLog({ db: database.db });
  for (let i = 1; i <= 3; i++) await audit.append({ actor: 'system', action: 'test.event', targetKind: 'test', targetId: `t${i}` });
  await database.close();
  const { code, out } = await runCapturing(['verify']);
  assert.equal(code, 0);
  assert.match(out, /^The audit log is intact: 3 events; keep this anchor elsewhere: 3:[0-9a-f]{64}\.$/);
  const anchor = /(3:[0-9a-f]{64})/.exec(out)![1]!;
  assert.equal((await runCapturing(['verify', '--anchor', anchor])).code, 0);
  const wrong = await runCapturing(['verify', '--anchor', `3:${'0'.repeat(64)}`]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.out, /broken at seq 3: its hash differs from the anchored one/);
});

test('medcert audit verify: exit 1 naming the first broken seq after a row is altered', async () => {
  const database = await openDatabase({ dataDir });
  await database.db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(trx);
    await sql`UPDATE audit_events SET target_id = 'forged' WHERE seq = 2`.execute(trx);
    await sql`ALTER TABLE audit_events ENABLE TRIGGER USER`.execute(trx);
  });
  await database.close();
  const { code, out } = await runCapturing(['verify']);
  assert.equal(code, 1);
  assert.match(out, /broken at seq 2: its contents do not match its hash/);
  const json = await runCapturing(['verify', '--json']);
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.out), { intact: false, events: 1, brokenSeq: 2, reason: 'hash-mismatch' });
});

test('medcert audit with a wrong subcommand or option is a usage error', async () => {
  await assert.rejects(run([]), UsageError);
  await assert.rejects(run(['check']), UsageError);
  await assert.rejects(run(['verify', '--fast']), UsageError);
  await assert.rejects(run(['verify', '--anchor', '3:abc']), UsageError);
});
