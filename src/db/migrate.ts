/** Applies the same migrations to PGlite and PostgreSQL, in name order, inside Kysely's migration lock. */
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { migrations } from './migrations/index';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  if (await appliedExactly(db, Object.keys(migrations))) return;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

/**
 * Whether the database has run exactly these migrations, as on most start-ups: then the Migrator, which
 * introspects every table and takes its lock (about 0.2 s of CPU on PGlite), would do nothing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
async function appliedExactly(db: Kysely<any>, names: string[]): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`SELECT to_regclass('kysely_migration') IS NOT NULL AS present`.execute(db);
  if (!rows[0]?.present) return false;
  const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
  const appliedNames = new Set(applied.rows.map((row) => row.name));
  return appliedNames.size === names.length && names.every((name) => appliedNames.has(name));
}
