/**
 * `npm run bench -- verify-api [--duration S] [--concurrency C] [--case pdf-b-lt|qr]`: verifiers over HTTP — a signed
 * B-LT certificate PDF posted to /api/v1/verify, and its MC1 payload to /api/v1/verify/qr — against
 * `medcert serve` in its own process(es) (bench/server-process.ts: PostgreSQL with one worker per core
 * when DATABASE_URL is set, PGlite otherwise). Each request carries one of --certificates distinct
 * certificates, so nothing is answered from a cache of one file.
 */
import autocannon from 'autocannon';
import { parseOptions } from '../src/cli/options';
import { startBenchServer } from './server-process';

const caseNames = ['pdf-b-lt', 'qr'];

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { duration: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '16' }, certificates: { type: 'string', default: '50' }, case: { type: 'string' }, n: { type: 'string' } });
  if (values.case !== undefined && !caseNames.includes(values.case)) throw new Error(`No case "${values.case}"; the cases are ${caseNames.join(', ')}.`);
  const server = await startBenchServer(async (ctx, demo) => {
    const { patient, data } = ctx.types.get('sick-leave').example;
    const issued: { pdf: Buffer; qr: string }[] = [];
    for (let i = 0; i < Number(values.certificates); i++) {
      const { id } = await ctx.certificates.issuance.accept({ type: 'sick-leave', data, patient, facilityId: demo.facilityId, practitionerId: demo.practitionerId, level: 'B-LT' }, { source: 'cli', actor: 'cli', signNow: true });
      const pdf = Buffer.from(await ctx.certificates.queries.pdf(id, 'all'));
      const { qr_payload: qr } = await ctx.db.selectFrom('certificates').select('qr_payload').where('id', '=', id).executeTakeFirstOrThrow();
      issued.push({ pdf, qr: qr! });
    }
    return issued;
  });
  const issued = server.prepared;
  const connections = Number(values.concurrency);
  const cases = {
    'pdf-b-lt': { path: '/api/v1/verify', headers: { 'content-type': 'application/pdf' }, body: (i: number) => issued[i % issued.length]!.pdf },
    qr: { path: '/api/v1/verify/qr', headers: { 'content-type': 'application/json' }, body: (i: number) => JSON.stringify({ payload: issued[i % issued.length]!.qr }) },
  };
  for (const [name, request] of Object.entries(cases)) {
    if (values.case !== undefined && values.case !== name) continue;
    let sent = 0;
    const cpuBefore = server.cpuMs();
    const result = await autocannon({
      url: `${server.url}${request.path}`,
      method: 'POST',
      connections,
      duration: Number(values.duration),
      headers: request.headers,
      requests: [{ setupRequest: (req) => ({ ...req, body: request.body(sent++) }) }],
    });
    // Server CPU per request: on a shared machine throughput and latency also count other processes' turns.
    const serverCpuMsPerOp = Number(((server.cpuMs() - cpuBefore) / result.requests.total).toFixed(2));
    console.log(JSON.stringify({ bench: 'verify-api', case: name, n: result.requests.total, concurrency: connections, opsPerSec: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, serverCpuMsPerOp, engine: server.config.databaseUrl ? 'postgres' : 'pglite', workers: server.config.workers, certificates: issued.length, non2xx: result.non2xx, errors: result.errors, bytes: name === 'qr' ? issued[0]!.qr.length : issued[0]!.pdf.byteLength }));
  }
  await server.stop();
  await server.dispose();
}
