import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../test-support/database';
import { migrateToLatest } from './migrate';
import { migrations } from './migrations/index';

test('a database that ran every migration is left as it is; one that ran a migration this code does not know is refused', async () => {
  const database = await createTestDatabase();
  try {
    const applied = async () => (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(database.db)).rows.map((row) => row.name);
    assert.deepEqual(await applied(), Object.keys(migrations).sort());
    await migrateToLatest(database.db);
    assert.deepEqual(await applied(), Object.keys(migrations).sort());
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-from-a-newer-release', ${new Date().toISOString()})`.execute(database.db);
    await assert.rejects(migrateToLatest(database.db), /previously executed migration 9999-from-a-newer-release is missing/);
  } finally {
    await database.close();
  }
});
