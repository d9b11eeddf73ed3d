/** Opens the one database: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise; runs migrations. */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import type { Database } from './schema';
import { migrateToLatest } from './migrate';
import { byteaTypeHandlers } from './pglite-bytea';
import { PreparingClient } from './prepared-statements';
import { followPostgresChannel, type ChannelFollower, type Unfollow } from './notifications';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** pg-boss and raw SQL need to run statements outside Kysely; both engines answer this shape. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** Follows a NOTIFY channel until the returned function is called or the database closes. */
  follow(channel: string, follower: ChannelFollower): Promise<Unfollow>;
  close(): Promise<void>;
}

// BIGINT and NUMERIC come back as strings by default; our counters fit in a JS number.
pg.types.setTypeParser(20, (value) => Number(value));

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  dataDir?: string;
  memory?: boolean;
  /** With `memory`: start from this data dir tarball (PGlite's dumpDataDir) instead of an empty cluster; migrations still run after. */
  loadDataDir?: Blob;
}

/** The extensions every embedded database loads (test snapshots are made with the same). */
export const pgliteExtensions = { pg_trgm };

/** Where PGlite keeps its cluster inside MEDCERT_DATA_DIR. */
export const pgliteDataPath = (dataDir: string) => path.join(dataDir, 'pgdata');

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl ? openPostgres(options.databaseUrl) : await openPglite(options);
  await migrateToLatest(handle.db);
  return handle;
}

function openPostgres(databaseUrl: string): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, Client: PreparingClient });
  // An idle connection the server closes (restart, failover, DROP DATABASE … FORCE) is replaced on the next
  // checkout; without a listener pg would raise it as an uncaught exception and end the process.
  pool.on('error', (error: Error & { code?: string }) => console.error(`database: idle connection closed (${error.code ?? error.message})`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const followers = new Set<Unfollow>();
  return {
    db,
    engine: 'postgres',
    executeSql: async (text, values) => pool.query(text, values as unknown[]),
    follow: async (channel, follower) => {
      const stop = followPostgresChannel(databaseUrl, channel, follower);
      const unfollow = async () => {
        followers.delete(unfollow);
        await stop();
      };
      followers.add(unfollow);
      return unfollow;
    },
    close: async () => {
      await Promise.all([...followers].map((unfollow) => unfollow()));
      await db.destroy();
    },
  };
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  let pglite: PGlite;
  if (options.memory) {
    pglite = new PGlite({ extensions: pgliteExtensions, loadDataDir: options.loadDataDir, ...byteaTypeHandlers });
  } else {
    const dir = pgliteDataPath(options.dataDir ?? './.medcert');
    fs.mkdirSync(dir, { recursive: true });
    pglite = new PGlite(dir, { extensions: pgliteExtensions, ...byteaTypeHandlers });
  }
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    engine: 'pglite',
    executeSql: async (text, values) => (values && values.length > 0 ? pglite.query(text, values as unknown[]) : { rows: (await pglite.exec(text)).at(-1)?.rows ?? [] }),
    follow: async (channel, follower) => {
      const unlisten = await pglite.listen(channel, (payload) => follower.notified(payload));
      follower.listening();
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
