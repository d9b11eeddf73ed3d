/**
 * A server for the HTTP benches, as it runs in production: `medcert serve` in its own process(es), on
 * PostgreSQL (a scratch database on the DATABASE_URL server, one worker per core unless MEDCERT_WORKERS
 * says otherwise) or on PGlite in a scratch data directory when DATABASE_URL is not set (one process).
 * The load generator stays in the bench's process, so it never shares the server's event loop.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config';
import { openDatabase, type DatabaseHandle } from '../src/db/database';
import { seedDemo, type DemoSeed } from '../src/demo/seed';
import { createAppContext, type AppContext } from '../src/server/context';
import { createScratchDatabase } from '../src/test-support/database';
import { freePort } from '../src/test-support/free-port';

export interface BenchServer<T> {
  url: string;
  config: Config;
  /** What `prepare` returned. */
  prepared: T;
  /** CPU time (user + system, ms) the server's processes (primary and workers) have used so far; Linux only. */
  cpuMs: () => number;
  /**
   * CPU time (ms) of the PostgreSQL server's processes so far (backends, WAL writer, checkpointer…), when that
   * server runs on this machine (Linux); undefined on PGlite or a server elsewhere. Backends that exit are not counted.
   */
  databaseCpuMs: () => Promise<Map<number, number> | undefined>;
  /** Stops the server; the database stays for counting until `dispose`. */
  stop: () => Promise<void>;
  /** After `stop`: the bench's database, to count what the server stored. */
  openDatabase: () => Promise<DatabaseHandle>;
  /** Drops the scratch database and data directory. */
  dispose: () => Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..');

/** Seeds demo data, lets `prepare` add what the bench needs, then starts `medcert serve` and waits for /health. */
export async function startBenchServer<T>(prepare: (ctx: AppContext, demo: DemoSeed) => Promise<T>): Promise<BenchServer<T>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-bench-'));
  const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, 'medcert_bench') : undefined;
  const databaseUrl = scratch?.url;
  const port = await freePort();
  const env = { ...process.env, MEDCERT_DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', PORT: String(port), HOST: '127.0.0.1', MEDCERT_PUBLIC_URL: `http://127.0.0.1:${port}` };
  const config = loadConfig(env);
  const openBenchDatabase = () => openDatabase({ databaseUrl, dataDir });
  const database = await openBenchDatabase();
  const ctx = await createAppContext(config, database);
  const prepared = await prepare(ctx, await seedDemo(ctx));
  await database.close();

  // e.g. MEDCERT_BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/profiles" profiles every server process.
  const nodeArgs = (process.env.MEDCERT_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, exited);
  return {
    url,
    config,
    prepared,
    cpuMs: () => processTreeCpuMs(server.pid!),
    databaseCpuMs: () => (databaseUrl ? postgresCpuMs(databaseUrl) : Promise.resolve(undefined)),
    openDatabase: openBenchDatabase,
    stop: async () => {
      server.kill('SIGTERM');
      await exited;
    },
    dispose: async () => {
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A process's user + system time from /proc, in ms (clock ticks of 10 ms); throws when there is no such process. */
function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  // Fields after "(comm)": state is the first, utime and stime the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A process's and its descendants' user + system time, in ms. */
function processTreeCpuMs(pid: number): number {
  try {
    let ms = processCpuMs(pid);
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      for (const child of fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'latin1').split(' ').filter(Boolean)) ms += processTreeCpuMs(Number(child));
    }
    return ms;
  } catch {
    // The process has exited (a replaced worker) or this is no Linux.
    return 0;
  }
}

/** Per process of the PostgreSQL server at `url`, its CPU ms so far: undefined unless every one is a local `postgres` process. */
async function postgresCpuMs(url: string): Promise<Map<number, number> | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity');
    const usage = new Map<number, number>();
    for (const { pid } of rows) {
      const local = fs.existsSync(`/proc/${pid}/comm`) && fs.readFileSync(`/proc/${pid}/comm`, 'latin1').trim() === 'postgres';
      if (!local) return undefined;
      usage.set(pid, processCpuMs(pid));
    }
    return usage;
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}

/** The CPU ms the processes used between two `postgresCpuMs` readings (a process new in `after` counts whole). */
export function cpuMsBetween(before: Map<number, number> | undefined, after: Map<number, number> | undefined): number | undefined {
  if (!before || !after) return undefined;
  let ms = 0;
  for (const [pid, used] of after) ms += used - (before.get(pid) ?? 0);
  return ms;
}

async function waitForHealth(url: string, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let attempt = 0; attempt < 600; attempt++) {
    if (gone) throw new Error('medcert serve exited before it answered /health');
    const healthy = await fetch(`${url}/health`).then((response) => response.ok, () => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('medcert serve did not answer /health within two minutes');
}

