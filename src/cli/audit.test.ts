import { after, before, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createAuditLog } from '../audit/audit-log';
import { openDatabase } from '../db/database';
import { UsageError } from '../errors';
import { run } from './audit';

// The command opens the configured database itself: point it at a PGlite data dir of our own.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-audit-cli-'));
const saved = { dir: process.env.MEDCERT_DATA_DIR, url: process.env.DATABASE_URL, kek: process.env.MEDCERT_KEK };

async function runCapturing(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = mock.method(console, 'log', (line: string) => void lines.push(line));
  // Only the command's JSON line is taken; the test reporter's own output passes through.
  const original = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const write = mock.method(process.stdout, 'write', (chunk: unknown, ...rest: unknown[]) => (typeof chunk === 'string' && chunk.startsWith('{') ? (lines.push(chunk.trimEnd()), true) : original(chunk, ...rest)));
  try {
    return { code: await run(args), out: lines.join('\n') };
  } finally {
    log.mock.restore();
    write.mock.restore();
  }
}

before(() => {
  process.env.MEDCERT_DATA_DIR = dataDir;
  process.env.MEDCERT_KEK = 'audit-cli-test';
  delete process.env.DATABASE_URL;
});
after(() => {
  for (const [name, value] of [['MEDCERT_DATA_DIR', saved.dir], ['DATABASE_URL', saved.url], ['MEDCERT_KEK', saved.kek]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('medcert audit verify: exit 0 and a sentence when the chain is intact', async () => {
  const database = await openDatabase({ dataDir });
  const audit = createAuditLog({ db: database.db });
  for (let i = 1; i <= 3; i++) await audit.append({ actor: 'system', action: 'test.event', targetKind: 'test', targetId: `t${i}` });
  await database.close();
  const { code, out } = await runCapturing(['verify']);
  assert.equal(code, 0);
  assert.match(out, /^The audit log is intact: 3 events, head [0-9a-f]{64}\.$/);
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
});
