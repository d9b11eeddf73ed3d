import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createAuditLog } from '../audit/audit-log';
import { openDatabase } from '../db/database';
import { createDatabaseBlobStore } from '../storage/database-blob-store';
import { sha256Hex } from '../storage/blob-store';

const child = fileURLToPath(new URL('./fixtures/issue-batch.ts', import.meta.url));
const rows = 30;
const kills = 10;

/**
 * Runs the batch child; once it reports a row past `afterRow` (new work, not a replay), kills it with
 * SIGKILL after `killAfterMs` unless it finishes first. Resolves with the last row it reported.
 */
function runChild(env: NodeJS.ProcessEnv, killAfterMs?: number, count = rows, afterRow = -1): Promise<{ finished: boolean; lastRow: number; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, String(count)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const lastRow = () => Math.max(-1, ...stdout.split('\n').filter((line) => /^\d+$/.test(line)).map(Number));
    proc.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (killAfterMs !== undefined && !timer && lastRow() > afterRow) timer = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    });
    proc.stderr.on('data', (chunk) => (stderr += chunk));
    proc.on('exit', () => {
      clearTimeout(timer);
      resolve({ finished: stdout.includes('done'), lastRow: lastRow(), stderr });
    });
  });
}

test('a batch killed with SIGKILL at random moments and restarted issues every certificate exactly once, each audited once', { timeout: 600_000 }, async () => {
  const serverUrl = process.env.MEDCERT_TEST_DATABASE_URL;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-kill-'));
  let databaseUrl: string | undefined;
  const name = `medcert_kill_${randomBytes(4).toString('hex')}`;
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const leaseMs = 1500;
  const env = { MEDCERT_DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', LOG_LEVEL: 'silent', MEDCERT_SIGNING_LEASE_MS: String(leaseMs) };
  try {
    // A warm-up run creates the schema, the CA and the demo data but issues nothing, so kills land in issuance.
    const warmup = await runChild(env, undefined, 0);
    assert.ok(warmup.finished, warmup.stderr);
    let interrupted = 0;
    let reached = -1;
    for (let kill = 0; kill < kills; kill += 1) {
      const run = await runChild(env, Math.floor(Math.random() * 300), rows, reached);
      reached = Math.max(reached, run.lastRow);
      if (!run.finished) interrupted += 1;
    }
    assert.ok(interrupted >= kills / 2, `only ${interrupted} of ${kills} runs were killed mid-batch`);
    // A killed producer's lease must run out before the restarted process may take its certificate over.
    await new Promise((resolve) => setTimeout(resolve, leaseMs + 500));
    const last = await runChild(env);
    assert.ok(last.finished, last.stderr);

    const database = await openDatabase({ databaseUrl, dataDir });
    try {
      const certificates = await database.db.selectFrom('certificates').select(['id', 'status', 'pdf_key', 'pdf_sha256']).where('created_by', '=', 'kill-test').execute();
      const keys = await database.db.selectFrom('idempotency_keys').select('certificate_id').where('scope', '=', 'kill-test').execute();
      assert.equal(keys.length, rows, 'one idempotency key per row');
      assert.equal(certificates.length, rows, 'no certificate lost or duplicated');
      assert.deepEqual(new Set(keys.map((k) => k.certificate_id)), new Set(certificates.map((c) => c.id)));
      const blobs = createDatabaseBlobStore(database.db);
      for (const certificate of certificates) {
        assert.equal(certificate.status, 'issued');
        const pdf = await blobs.get(certificate.pdf_key!);
        assert.ok(pdf, 'the signed PDF is stored');
        assert.equal(sha256Hex(pdf), certificate.pdf_sha256);
      }
      // Events committed by a killed process but not yet chained are chained by whoever reads the log next.
      const audit = createAuditLog({ db: database.db });
      assert.equal((await audit.verifyChain()).intact, true);
      const events = await database.db.selectFrom('audit_events').select(['action', 'target_id']).where('target_kind', '=', 'certificate').execute();
      const ids = certificates.map((c) => c.id).sort();
      for (const action of ['certificate.accepted', 'certificate.issued']) {
        const audited = events.filter((event) => event.action === action && ids.includes(event.target_id)).map((event) => event.target_id);
        assert.deepEqual(audited.sort(), ids, `one ${action} event per certificate`);
      }
    } finally {
      await database.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (serverUrl) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
});
