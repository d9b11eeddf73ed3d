/**
 * Work that one process at a time runs under a given name, across every process on one PostgreSQL database:
 * a session advisory lock held on a connection of its own (never one from the pool, so the work inside cannot
 * wait for the connection that holds the lock). Ending that connection releases the lock, also when the process
 * dies. Meant for rare, short work: creating a signing identity on its first use. On PGlite everything runs in
 * one process, where callers already share one promise per name; there the work simply runs.
 */
import pg from 'pg';

export type ExclusiveSection = <T>(name: string, work: () => Promise<T>) => Promise<T>;

export const withinOneProcess: ExclusiveSection = (_name, work) => work();

export function acrossPostgresProcesses(databaseUrl: string): ExclusiveSection {
  return async (name, work) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    // A dropped connection only releases the lock early; the query or end below reports it.
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
      return await work();
    } finally {
      await client.end().catch(() => undefined);
    }
  };
}
