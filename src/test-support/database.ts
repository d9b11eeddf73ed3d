/**
 * A fresh database for each test file: in-memory PGlite started from the migrated snapshot by
 * default, or a scratch PostgreSQL database (created and dropped here) when MEDCERT_TEST_DATABASE_URL
 * points at a server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/database';
import { migratedDataDir } from './pglite-snapshot';

export async function createTestDatabase(): Promise<DatabaseHandle> {
  const serverUrl = process.env.MEDCERT_TEST_DATABASE_URL;
  if (!serverUrl) return openDatabase({ memory: true, loadDataDir: await migratedDataDir() });
  const scratch = await createScratchDatabase(serverUrl);
  const handle = await openDatabase({ databaseUrl: scratch.url });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

/** An empty database on the server at `serverUrl`, for a test or a bench that runs its own server process. */
export async function createScratchDatabase(serverUrl: string, prefix = 'medcert_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

async function withAdmin<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
