import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from '../config';
import { ConfigurationError } from '../errors';
import { createScratchDatabase } from '../test-support/database';
import { freePort } from '../test-support/free-port';

describe('serve worker count', () => {
  test('one process on PGlite, one per core on PostgreSQL, MEDCERT_WORKERS when given', () => {
    assert.equal(loadConfig({}).workers, 1);
    assert.equal(loadConfig({ DATABASE_URL: 'postgresql://db/medcert' }).workers, os.availableParallelism());
    assert.equal(loadConfig({ DATABASE_URL: 'postgresql://db/medcert', MEDCERT_WORKERS: '3' }).workers, 3);
  });

  test('several processes on the embedded database, or a count that is not a whole number, is refused', () => {
    assert.throws(() => loadConfig({ MEDCERT_WORKERS: '2' }), (error) => error instanceof ConfigurationError && /needs DATABASE_URL/.test(error.message));
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgresql://db/medcert', MEDCERT_WORKERS: 'two' }), ConfigurationError);
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgresql://db/medcert', MEDCERT_WORKERS: '0' }), ConfigurationError);
  });

  test('a process serving alone renders on the cores it leaves idle; one worker per core renders on its event loop', () => {
    const cores = os.availableParallelism();
    assert.equal(loadConfig({}).renderThreads, Math.min(2, cores - 1));
    assert.equal(loadConfig({ DATABASE_URL: 'postgresql://db/medcert' }).renderThreads, 0);
    assert.equal(loadConfig({ DATABASE_URL: 'postgresql://db/medcert', MEDCERT_WORKERS: '1' }).renderThreads, Math.min(2, cores - 1));
    assert.equal(loadConfig({ MEDCERT_RENDER_THREADS: '0' }).renderThreads, 0);
    assert.equal(loadConfig({ DATABASE_URL: 'postgresql://db/medcert', MEDCERT_RENDER_THREADS: '3' }).renderThreads, 3);
    assert.throws(() => loadConfig({ MEDCERT_RENDER_THREADS: '-1' }), ConfigurationError);
    assert.throws(() => loadConfig({ MEDCERT_RENDER_THREADS: 'many' }), ConfigurationError);
  });
});

const serverUrl = process.env.MEDCERT_TEST_DATABASE_URL;

describe('serve on several processes', { skip: serverUrl ? false : 'needs MEDCERT_TEST_DATABASE_URL (PostgreSQL)' }, () => {
  test('two workers share the port from the first answer on, a killed worker is replaced, SIGTERM stops them all', { timeout: 300_000 }, async () => {
    const scratch = await createScratchDatabase(serverUrl!);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-serve-'));
    const port = await freePort();
    const server = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'main.ts'), 'serve', '--demo'], {
      env: { ...process.env, DATABASE_URL: scratch.url, MEDCERT_DATA_DIR: dataDir, PORT: String(port), MEDCERT_WORKERS: '2', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    try {
      await waitFor(async () => (await healthStatus(port)) === 200);
      // Connections opened as soon as the port answers (and kept alive) reach both workers, not the first one up.
      assert.deepEqual(new Set(await keptConnectionOwners(port, 4)), new Set(workersOf(server.pid!)));
      assert.equal(workersOf(server.pid!).length, 2);
      const [first, second] = workersOf(server.pid!);
      process.kill(first!, 'SIGKILL');
      // Long enough for the primary to see the death, far shorter than a replacement takes to start.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await healthStatus(port), 200, 'the other worker keeps answering');
      await waitFor(async () => workersOf(server.pid!).length === 2 && !workersOf(server.pid!).includes(first!));
      assert.ok(workersOf(server.pid!).includes(second!));
      // The demo data was seeded once, by the primary, before the workers started.
      const demoFacilities = execFileSync('psql', [scratch.url, '-tAc', 'SELECT count(*) FROM facilities']).toString().trim();
      assert.ok(Number(demoFacilities) >= 1);

      const workers = workersOf(server.pid!);
      server.kill('SIGTERM');
      assert.equal(await exited, 0);
      for (const pid of workers) assert.throws(() => process.kill(pid, 0), 'no worker outlives the primary');
    } finally {
      server.kill('SIGKILL');
      await scratch.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** On a new connection each time: a kept-alive one could lead to the worker just killed. */
function healthStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: 5_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(0));
  });
}

/** Opens `count` kept-alive connections at once and returns the process holding each one's server end. */
async function keptConnectionOwners(port: number, count: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: count });
  try {
    await Promise.all(
      Array.from({ length: count }, () => new Promise<void>((resolve, reject) => http.get({ host: '127.0.0.1', port, path: '/health', agent }, (response) => response.resume().once('end', resolve)).once('error', reject))),
    );
    const sockets = execFileSync('ss', ['-tnpH', 'state', 'established', `( sport = :${port} )`]).toString();
    return [...sockets.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));
  } finally {
    agent.destroy();
  }
}

function workersOf(primary: number): number[] {
  try {
    // Named by their command line: tsx may also run an esbuild service as a child of the primary.
    return execFileSync('pgrep', ['-P', String(primary), '-f', 'main.ts serve']).toString().trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('gave up waiting');
}

