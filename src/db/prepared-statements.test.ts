import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createScratchDatabase } from '../test-support/database';
import { maxStatementsPerConnection, PreparingClient } from './prepared-statements';

// The client speaks to PostgreSQL only: PGlite has no pg client in between.
const serverUrl = process.env.MEDCERT_TEST_DATABASE_URL;
const skip = serverUrl ? false : 'needs PostgreSQL (MEDCERT_TEST_DATABASE_URL)';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let client: PreparingClient;
before(async () => {
  if (!serverUrl) return;
  scratch = await createScratchDatabase(serverUrl);
  client = new PreparingClient({ connectionString: scratch.url });
  await client.connect();
});
after(async () => {
  if (!serverUrl) return;
  await client.end();
  await scratch.drop();
});

async function preparedOnConnection(): Promise<string[]> {
  const { rows } = await client.query('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time');
  return (rows as { statement: string }[]).map((row) => row.statement);
}

test('a parameterised statement is prepared once on the connection and reused with other values', { skip }, async () => {
  const text = 'SELECT $1::int + 1 AS n';
  assert.equal((await client.query(text, [1])).rows[0].n, 2);
  assert.equal((await client.query(text, [41])).rows[0].n, 42);
  const prepared = await preparedOnConnection();
  assert.deepEqual(prepared.filter((statement) => statement === text), [text]);
  // A query without values, or with a callback, is sent as pg sends it: unnamed.
  await client.query('SELECT 1 AS one');
  assert.ok(!(await preparedOnConnection()).includes('SELECT 1 AS one'));
});

test('an error in execution leaves the statement usable, and a statement that does not parse is not kept', { skip }, async () => {
  const text = 'SELECT 10 / $1::int AS q';
  await assert.rejects(client.query(text, [0]), /division by zero/);
  assert.equal((await client.query(text, [5])).rows[0].q, 2);
  await assert.rejects(client.query('SELEC $1::int', [1]), /syntax error/);
  assert.equal((await client.query('SELECT $1::text AS t', ['after'])).rows[0].t, 'after');
});

test('a connection names a bounded number of statements; texts beyond run unnamed', { skip }, async () => {
  const fresh = new PreparingClient({ connectionString: scratch.url });
  await fresh.connect();
  try {
    for (let i = 0; i < maxStatementsPerConnection + 20; i++) assert.equal((await fresh.query(`SELECT $1::int + ${i} AS n`, [1])).rows[0].n, i + 1);
    const { rows } = await fresh.query('SELECT count(*)::int AS n FROM pg_prepared_statements');
    assert.equal(rows[0].n, maxStatementsPerConnection);
  } finally {
    await fresh.end();
  }
});

test('after a schema change breaks a prepared statement once, the connection goes on unnamed', { skip }, async () => {
  const other = new PreparingClient({ connectionString: scratch.url });
  await other.connect();
  try {
    await other.query('CREATE TABLE widened (id int)');
    await other.query('INSERT INTO widened VALUES ($1)', [1]);
    const text = 'SELECT * FROM widened WHERE id = $1';
    assert.deepEqual((await other.query(text, [1])).rows, [{ id: 1 }]);
    const migrator = new pg.Client({ connectionString: scratch.url });
    await migrator.connect();
    await migrator.query('ALTER TABLE widened ADD COLUMN note text');
    await migrator.end();
    await assert.rejects(other.query(text, [1]), (error: Error & { code?: string }) => error.code === '0A000');
    assert.deepEqual((await other.query(text, [1])).rows, [{ id: 1, note: null }]);
    assert.deepEqual((await other.query('SELECT $1::int AS fresh', [7])).rows, [{ fresh: 7 }]);
    const { rows } = await other.query('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1', ['SELECT $1::int AS fresh']);
    assert.equal(rows[0].n, 0, 'unnamed after the failure');
  } finally {
    await other.end();
  }
});
