import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from './database';

test('bytea goes into PGlite and comes back byte for byte, as a plain Uint8Array, whatever its length', async () => {
  const database = await openDatabase({ memory: true });
  try {
    await sql`CREATE TEMP TABLE blobs (n int PRIMARY KEY, data bytea NOT NULL)`.execute(database.db);
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const large = Uint8Array.from({ length: 70_001 }, (_, i) => (i * 7919) & 0xff);
    // A view into a larger buffer: only its own bytes are stored.
    const view = new Uint8Array(large.buffer, 1000, 3);
    const samples = [new Uint8Array(0), Uint8Array.of(0), every, large, view];
    for (const [n, data] of samples.entries()) await sql`INSERT INTO blobs VALUES (${n}, ${data})`.execute(database.db);
    const { rows } = await sql<{ n: number; data: Uint8Array; length: number; hex: string }>`SELECT n, data, length(data) AS length, encode(substring(data from 1 for 4), 'hex') AS hex FROM blobs ORDER BY n`.execute(database.db);
    for (const row of rows) {
      const sent = samples[row.n]!;
      assert.equal(row.length, sent.length, 'PostgreSQL holds the bytes sent');
      assert.equal(row.hex, Buffer.from(sent.subarray(0, 4)).toString('hex'));
      assert.equal(Object.getPrototypeOf(row.data), Uint8Array.prototype);
      assert.deepEqual(row.data, new Uint8Array(sent));
    }
    await assert.rejects(sql`INSERT INTO blobs VALUES (9, ${'not bytes'})`.execute(database.db), /must be a Uint8Array/);
  } finally {
    await database.close();
  }
});
