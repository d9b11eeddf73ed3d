/**
 * `npm run bench -- verify-api [--duration S] [--concurrency C]`: verifiers over HTTP — a signed
 * B-LT certificate PDF posted to /api/v1/verify, and its MC1 payload to /api/v1/verify/qr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { parseOptions } from '../src/cli/options';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { seedDemo } from '../src/demo/seed';
import { buildApp } from '../src/server/app';
import { createAppContext } from '../src/server/context';

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { duration: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '16' }, n: { type: 'string' } });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-bench-verify-'));
  const database = await openDatabase({ memory: true });
  const ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dataDir }), database);
  const demo = await seedDemo(ctx);
  const { patient, data } = ctx.types.get('sick-leave').example;
  const { id } = await ctx.certificates.issuance.accept({ type: 'sick-leave', data, patient, facilityId: demo.facilityId, practitionerId: demo.practitionerId, level: 'B-LT' }, { source: 'cli', actor: 'cli', signNow: true });
  const pdf = Buffer.from(await ctx.certificates.queries.pdf(id, 'all'));
  const { qr_payload: qr } = await database.db.selectFrom('certificates').select('qr_payload').where('id', '=', id).executeTakeFirstOrThrow();
  const app = await buildApp(ctx, { logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const connections = Number(values.concurrency);
  const cases = {
    'pdf-b-lt': { path: '/api/v1/verify', headers: { 'content-type': 'application/pdf' }, body: pdf },
    qr: { path: '/api/v1/verify/qr', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ payload: qr }) },
  };
  for (const [name, request] of Object.entries(cases)) {
    const result = await autocannon({ url: `${url}${request.path}`, method: 'POST', connections, duration: Number(values.duration), headers: request.headers, body: request.body });
    console.log(JSON.stringify({ bench: 'verify-api', case: name, n: result.requests.total, concurrency: connections, opsPerSec: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors, bytes: name === 'qr' ? qr!.length : pdf.byteLength }));
  }
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
