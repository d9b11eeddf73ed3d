/**
 * `npm run bench -- verify-service [--n N] [--case pdf-b-lt|qr]`: CPU time and database queries per verification, calling
 * the verifiers service as the HTTP routes do (PDF B-LT and QR), without HTTP or a load generator.
 * Set MEDCERT_TEST_DATABASE_URL to run on PostgreSQL (a scratch database), else in-memory PGlite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KyselyPlugin } from 'kysely';
import { parseOptions } from '../src/cli/options';
import { loadConfig } from '../src/config';
import { seedDemo } from '../src/demo/seed';
import { createAppContext } from '../src/server/context';
import { createTestDatabase } from '../src/test-support/database';

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { n: { type: 'string', default: '300' }, case: { type: 'string' } });
  const n = Number(values.n);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-bench-verify-service-'));
  const database = await createTestDatabase();
  let queries = 0;
  // Counted as results arrive: statements compiled once and executed directly skip transformQuery.
  const counting: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      queries++;
      return args.result;
    },
  };
  const ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dataDir }), { ...database, db: database.db.withPlugin(counting) });
  try {
    const demo = await seedDemo(ctx);
    const { patient, data } = ctx.types.get('sick-leave').example;
    const { id } = await ctx.certificates.issuance.accept({ type: 'sick-leave', data, patient, facilityId: demo.facilityId, practitionerId: demo.practitionerId, level: 'B-LT' }, { source: 'cli', actor: 'cli', signNow: true });
    const pdf = Buffer.from(await ctx.certificates.queries.pdf(id, 'all'));
    const { qr_payload: qr } = await database.db.selectFrom('certificates').select('qr_payload').where('id', '=', id).executeTakeFirstOrThrow();
    const cases = { 'pdf-b-lt': () => ctx.verifiers.verifyPdf(pdf, null), qr: () => ctx.verifiers.verifyQr(qr!, null) };
    for (const [name, verify] of Object.entries(cases)) {
      if (values.case !== undefined && values.case !== name) continue;
      const first = await verify();
      if (!first.valid) throw new Error(`The ${name} case does not verify: ${first.reasons.join(', ')}`);
      for (let i = 0; i < Math.min(50, n); i++) await verify();
      queries = 0;
      const started = process.hrtime.bigint();
      const cpuBefore = process.cpuUsage();
      for (let i = 0; i < n; i++) await verify();
      const cpu = process.cpuUsage(cpuBefore);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const cpuMsPerOp = (cpu.user + cpu.system) / 1000 / n;
      console.log(
        JSON.stringify({
          bench: 'verify-service',
          case: name,
          n,
          concurrency: 1,
          opsPerSec: Math.round((n * 1000) / wallMs),
          cpuMsPerOp: Number(cpuMsPerOp.toFixed(3)),
          userMsPerOp: Number((cpu.user / 1000 / n).toFixed(3)),
          queriesPerOp: Number((queries / n).toFixed(2)),
          engine: database.engine,
        }),
      );
    }
    await ctx.verifiers.flushLog();
    await ctx.analytics.refresh();
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
