import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../test-support/database';
import type { DatabaseHandle } from '../db/database';
import { putWithChange, type BlobStore } from './blob-store';
import { createDatabaseBlobStore } from './database-blob-store';
import { createFilesystemBlobStore } from './filesystem-blob-store';
import { sql } from 'kysely';
import { ConflictError } from '../errors';

let database: DatabaseHandle;
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-blobs-'));

before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

for (const [name, make] of [
  ['database', () => createDatabaseBlobStore(database.db)],
  ['filesystem', () => createFilesystemBlobStore(directory)],
] as const) {
  describe(`${name} blob store`, () => {
    let store: BlobStore;
    before(() => {
      store = make();
    });

    test('blobs put with a change exist exactly when the change commits', async () => {
      const item = (key: string) => ({ key, content: new TextEncoder().encode(key), contentType: 'image/png' });
      await assert.rejects(
        putWithChange(database.db, store, [item('complaints/c1/a'), item('complaints/c1/b')], async (trx, stored) => {
          assert.equal(stored.length, 2);
          await sql`select 1 / 0`.execute(trx);
        }),
        /division by zero/,
      );
      assert.equal(await store.get('complaints/c1/a'), undefined);
      assert.equal(await store.get('complaints/c1/b'), undefined);
      const committed = await putWithChange(database.db, store, [item('complaints/c2/a')], async (_trx, stored) => stored[0]!.size);
      assert.equal(committed, 'complaints/c2/a'.length);
      assert.deepEqual(await store.get('complaints/c2/a'), new TextEncoder().encode('complaints/c2/a'));
    });

    test('gives back the bytes it stored, with their SHA-256', async () => {
      const bytes = new TextEncoder().encode('%PDF-1.7 signed');
      const stored = await store.put('certificates/a.pdf', bytes, 'application/pdf');
      assert.equal(stored.sha256, createHash('sha256').update(bytes).digest('hex'));
      assert.deepEqual(await store.get('certificates/a.pdf'), bytes);
    });

    test('storing the same bytes again is a no-op, other bytes are refused', async () => {
      const bytes = new Uint8Array([1, 2, 3]);
      await store.put('certificates/b.pdf', bytes, 'application/pdf');
      await store.put('certificates/b.pdf', bytes, 'application/pdf');
      await assert.rejects(store.put('certificates/b.pdf', new Uint8Array([9]), 'application/pdf'), ConflictError);
      assert.deepEqual(await store.get('certificates/b.pdf'), bytes);
    });

    test('an unknown key is undefined and a key that escapes its folder is refused', async () => {
      assert.equal(await store.get('certificates/none.pdf'), undefined);
      await assert.rejects(store.put('../etc/passwd', new Uint8Array([1]), 'text/plain'), /Invalid blob key/);
    });
  });
}

test('the database store keeps blobs as they are, without compressing them again', async () => {
  // Compressible bytes: pglz would shrink them if the column still allowed it.
  await createDatabaseBlobStore(database.db).put('certificates/zeros.pdf', new Uint8Array(64 * 1024), 'application/pdf');
  const { rows } = await sql<{ compression: string | null; external: number }>`
    SELECT pg_column_compression(content) AS compression, pg_column_size(content) AS external FROM blobs WHERE key = 'certificates/zeros.pdf'`.execute(database.db);
  assert.deepEqual(rows, [{ compression: null, external: 64 * 1024 }]);
});
