/**
 * `npm run bench -- issue [--duration S] [--concurrency C] [--level L]`: a hospital system issuing
 * over HTTP — token, POST /api/v1/certificates, the certificate rendered, signed (practitioner
 * then facility seal) and stored — measured with autocannon; also the size of a stored PDF per level.
 * PGlite in memory by default; a scratch database on the DATABASE_URL server otherwise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { parseOptions } from '../src/cli/options';
import { loadConfig } from '../src/config';
import { openDatabase, type DatabaseHandle } from '../src/db/database';
import { seedDemo } from '../src/demo/seed';
import { buildApp } from '../src/server/app';
import { createAppContext } from '../src/server/context';
import { createTestDatabase } from '../src/test-support/database';

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { duration: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '16' }, level: { type: 'string', default: 'B-LT' }, n: { type: 'string' } });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-bench-issue-'));
  const database = await openScratchDatabase();
  const ctx = await createAppContext(loadConfig({ ...process.env, MEDCERT_DATA_DIR: dataDir }), database);
  const demo = await seedDemo(ctx);
  const app = await buildApp(ctx, { logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const token = await fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: demo.client.id, client_secret: demo.client.secret }) }).then(async (r) => (await r.json()).access_token as string);
  const example = ctx.types.get('sick-leave').example;
  const body = (level: string) => JSON.stringify({ type: 'sick-leave', data: example.data, patient: example.patient, practitionerId: demo.practitionerId, level });

  for (const level of ['B-B', 'B-T', 'B-LT', 'B-LTA']) {
    const response = await fetch(`${url}/api/v1/certificates`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body(level) });
    const { id } = (await response.json()) as { id: string };
    const pdf = await ctx.certificates.queries.pdf(id, 'all');
    console.log(JSON.stringify({ bench: 'issue', case: `pdf-size-${level}`, n: 1, concurrency: 1, opsPerSec: null, p50Ms: null, p99Ms: null, bytes: pdf.byteLength }));
  }

  const connections = Number(values.concurrency);
  const result = await autocannon({
    url: `${url}/api/v1/certificates`,
    method: 'POST',
    connections,
    duration: Number(values.duration),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body(values.level!),
  });
  const issued = await database.db.selectFrom('certificates').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'issued').executeTakeFirstOrThrow();
  console.log(
    JSON.stringify({
      bench: 'issue',
      case: `http-issue-${values.level}`,
      n: result.requests.total,
      concurrency: connections,
      opsPerSec: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      engine: database.engine,
      non2xx: result.non2xx,
      errors: result.errors,
      issuedInDatabase: Number(issued.n),
    }),
  );
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function openScratchDatabase(): Promise<DatabaseHandle> {
  if (!process.env.DATABASE_URL) return openDatabase({ memory: true });
  process.env.MEDCERT_TEST_DATABASE_URL = process.env.DATABASE_URL;
  const database = await createTestDatabase();
  delete process.env.DATABASE_URL;
  return database;
}
