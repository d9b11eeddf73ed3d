/**
 * `npm run bench -- accounts [--n N] [--concurrency C]`: audit appends (one writer, and C concurrent
 * writers queueing on the head row), chain verification, the OAuth token grant and bearer resolution,
 * on in-memory PGlite, or on PostgreSQL when DATABASE_URL is set.
 */
import { performance } from 'node:perf_hooks';
import { deriveAccountKeys } from '../src/accounts/account-keys';
import { createAccounts } from '../src/accounts/accounts';
import { createAuditLog } from '../src/audit/audit-log';
import { parseOptions } from '../src/cli/options';
import { openDatabase } from '../src/db/database';

async function measure(name: string, n: number, concurrency: number, engine: string, op: (i: number) => Promise<unknown>): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(3));
  console.log(JSON.stringify({ bench: 'accounts', case: name, n, concurrency, opsPerSec: Math.round((n / elapsed) * 1000), p50Ms: at(0.5), p99Ms: at(0.99), engine }));
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { n: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '8' } });
  const n = Number(values.n);
  const concurrency = Number(values.concurrency);
  const databaseUrl = process.env.DATABASE_URL;
  const database = await openDatabase(databaseUrl ? { databaseUrl } : { memory: true });
  const engine = database.engine;
  const audit = createAuditLog({ db: database.db });
  const accounts = createAccounts({ db: database.db, audit, keys: deriveAccountKeys('bench') });
  const event = (i: number) => ({ actor: 'client:bench', action: 'bench.event', targetKind: 'certificate', targetId: `c${i}`, ip: '203.0.113.9', requestId: `bench-${i}`, details: { type: 'sick-leave', n: i } });

  await measure('audit-append', n, 1, engine, (i) => audit.append(event(i)));
  await measure('audit-append', n, concurrency, engine, (i) => audit.append(event(n + i)));
  const t0 = performance.now();
  const verdict = await audit.verifyChain();
  const ms = performance.now() - t0;
  if (!verdict.intact) throw new Error('the benchmark chain is broken');
  console.log(JSON.stringify({ bench: 'accounts', case: 'audit-verify-chain', n: verdict.events, concurrency: 1, opsPerSec: Math.round((verdict.events / ms) * 1000), p50Ms: Number(ms.toFixed(3)), p99Ms: Number(ms.toFixed(3)), engine, unit: 'events' }));

  const facility = await database.db
    .insertInto('facilities')
    .values({ licence_number: `BENCH-${Date.now()}`, kind: 'medical_clinic', name_th: 'คลินิกทดสอบ', name_en: 'Bench clinic', province: 'TH-10', address: 'Bangkok', free_until: new Date('2030-01-01Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const client = await accounts.ensureDemoClient(facility.id);
  const body = { grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret };
  const tokens: string[] = [];
  await measure('oauth-token-grant', n, concurrency, engine, async () => tokens.push((await accounts.grantToken({ body }, {})).access_token));
  await measure('bearer-resolve', n, concurrency, engine, (i) => accounts.callerForAccessToken(tokens[i % tokens.length]!));
  await database.close();
}
