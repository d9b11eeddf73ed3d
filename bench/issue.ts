/**
 * `npm run bench -- issue [--duration S] [--concurrency C] [--level L]`: a hospital system issuing
 * over HTTP — token, POST /api/v1/certificates, the certificate rendered, signed (practitioner
 * then facility seal) and stored — measured with autocannon against `medcert serve` in its own
 * process(es) (bench/server-process.ts: PostgreSQL with one worker per core when DATABASE_URL is set,
 * PGlite otherwise); also the size of a stored PDF per level, and the CPU per certificate of the server, of
 * PostgreSQL (when local) and of the load generator.
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { parseOptions } from '../src/cli/options';
import { cpuMsBetween, startBenchServer } from './server-process';

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { duration: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '16' }, level: { type: 'string', default: 'B-LT' }, n: { type: 'string' } });
  const server = await startBenchServer(async (ctx, demo) => ({ demo, example: ctx.types.get('sick-leave').example }));
  const { url, prepared } = server;
  const { demo, example } = prepared;
  const token = await fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: demo.client.id, client_secret: demo.client.secret }) }).then(async (r) => (await r.json()).access_token as string);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = (level: string) => JSON.stringify({ type: 'sick-leave', data: example.data, patient: example.patient, practitionerId: demo.practitionerId, level });

  for (const level of ['B-B', 'B-T', 'B-LT', 'B-LTA']) {
    const { id } = (await fetch(`${url}/api/v1/certificates`, { method: 'POST', headers, body: body(level) }).then((r) => r.json())) as { id: string };
    const pdf = await fetch(`${url}/api/v1/certificates/${id}/pdf`, { headers: { authorization: headers.authorization } }).then((r) => r.arrayBuffer());
    console.log(JSON.stringify({ bench: 'issue', case: `pdf-size-${level}`, n: 1, concurrency: 1, opsPerSec: null, p50Ms: null, p99Ms: null, bytes: pdf.byteLength }));
  }

  const connections = Number(values.concurrency);
  const load = (duration: number) => autocannon({ url: `${url}/api/v1/certificates`, method: 'POST', connections, duration, headers, body: body(values.level!) });
  // Unmeasured: the workers compile their hot paths and load fonts and keys, as a running server has.
  const warmUp = await load(3);
  const cpuBefore = server.cpuMs();
  const databaseCpuBefore = await server.databaseCpuMs();
  const loadCpuBefore = process.cpuUsage();
  const result = await load(Number(values.duration));
  const loadCpu = process.cpuUsage(loadCpuBefore);
  // CPU per certificate of the server's processes, of PostgreSQL's (when it runs here) and of the load generator:
  // on a machine that runs all three, their sum over the cores is what caps throughput.
  const perOp = (ms: number | undefined) => (ms === undefined ? null : Number((ms / result.requests.total).toFixed(1)));
  const serverCpuMsPerOp = perOp(server.cpuMs() - cpuBefore);
  const databaseCpuMsPerOp = perOp(cpuMsBetween(databaseCpuBefore, await server.databaseCpuMs()));
  const loadGeneratorCpuMsPerOp = perOp((loadCpu.user + loadCpu.system) / 1000);
  await server.stop();
  const database = await server.openDatabase();
  const issued = await database.db.selectFrom('certificates').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'issued').executeTakeFirstOrThrow();
  await database.close();
  await server.dispose();
  console.log(
    JSON.stringify({
      bench: 'issue',
      case: `http-issue-${values.level}`,
      n: result.requests.total,
      concurrency: connections,
      opsPerSec: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      serverCpuMsPerOp,
      databaseCpuMsPerOp,
      loadGeneratorCpuMsPerOp,
      cores: os.availableParallelism(),
      engine: server.config.databaseUrl ? 'postgres' : 'pglite',
      workers: server.config.workers,
      non2xx: result.non2xx,
      errors: result.errors,
      issuedInDatabase: Number(issued.n) - warmUp.requests.total,
    }),
  );
}
