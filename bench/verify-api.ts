/**
 * `npm run bench -- verify-api [--duration S] [--concurrency C] [--case pdf-b-lt|qr|qr-batch] [--batch N]`: verifiers over
 * HTTP — a signed B-LT certificate PDF posted to /api/v1/verify, its MC1 payload to /api/v1/verify/qr, and
 * --batch payloads (default 10) in one request to /api/v1/verify/qr/batch — against
 * `medcert serve` in its own process(es) (bench/server-process.ts: PostgreSQL with one worker per core
 * when DATABASE_URL is set, PGlite otherwise). Each request carries one of --certificates distinct
 * certificates, so nothing is answered from a cache of one file. Each case first runs 3 s unmeasured (the workers
 * compile their hot paths and fill their caches, as a running server has), then --duration measured.
 */
import autocannon from 'autocannon';
import { parseOptions } from '../src/cli/options';
import { startBenchServer } from './server-process';

const caseNames = ['pdf-b-lt', 'qr', 'qr-batch'];

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { duration: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '16' }, certificates: { type: 'string', default: '50' }, case: { type: 'string' }, batch: { type: 'string', default: '10' }, n: { type: 'string' } });
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
  const batch = Number(values.batch);
  const cases = {
    'pdf-b-lt': { path: '/api/v1/verify', headers: { 'content-type': 'application/pdf' }, verifications: 1, body: (i: number) => issued[i]!.pdf },
    qr: { path: '/api/v1/verify/qr', headers: { 'content-type': 'application/json' }, verifications: 1, body: (i: number) => JSON.stringify({ payload: issued[i]!.qr }) },
    // An agency checking several certificates at once: --batch of them per request, starting at a different one each time.
    'qr-batch': {
      path: '/api/v1/verify/qr/batch',
      headers: { 'content-type': 'application/json' },
      verifications: batch,
      body: (i: number) => JSON.stringify({ payloads: Array.from({ length: batch }, (_, j) => issued[(i + j) % issued.length]!.qr) }),
    },
  };
  for (const [name, request] of Object.entries(cases).filter(([name]) => !values.case || name === values.case)) {
    const load = (duration: number) =>
      autocannon({
        url: `${server.url}${request.path}`,
        method: 'POST',
        connections,
        duration,
        headers: request.headers,
        // Each connection cycles through one prepared request per certificate.
        requests: issued.map((_, i) => ({ body: request.body(i) })),
      });
    // Unmeasured: the workers compile their hot paths and fill their caches, as a running server has.
    await load(3);
    const cpuBefore = server.cpuMs();
    const result = await load(Number(values.duration));
    // Server CPU per verification: on a shared machine throughput and latency also count other processes' turns.
    const serverCpuMsPerOp = Number(((server.cpuMs() - cpuBefore) / (result.requests.total * request.verifications)).toFixed(3));
    // opsPerSec counts verifications; a batch request carries `verifications` of them.
    console.log(JSON.stringify({ bench: 'verify-api', case: name, n: result.requests.total * request.verifications, concurrency: connections, opsPerSec: Math.round(result.requests.average * request.verifications), requestsPerSec: Math.round(result.requests.average), verificationsPerRequest: request.verifications, p50Ms: result.latency.p50, p99Ms: result.latency.p99, serverCpuMsPerOp, engine: server.config.databaseUrl ? 'postgres' : 'pglite', workers: server.config.workers, certificates: issued.length, non2xx: result.non2xx, errors: result.errors, bytes: name === 'pdf-b-lt' ? issued[0]!.pdf.byteLength : issued[0]!.qr.length }));
  }
  await server.stop();
  await server.dispose();
}
