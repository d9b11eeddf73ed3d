/** Blob store in the `blobs` table: one database to back up, fine until the PDFs outgrow it. */
import { ConflictError } from '../errors';
import type { Db } from '../db/database';
import { assertBlobKey, sha256Hex, type DatabaseBlobStore, type StoredBlob } from './blob-store';

export function createDatabaseBlobStore(db: Db): DatabaseBlobStore {
  async function putWithin(trx: Db, key: string, content: Uint8Array, contentType: string): Promise<StoredBlob> {
    assertBlobKey(key);
    const sha256 = sha256Hex(content);
    // A row comes back only when this insert wrote it; a key already used is read to compare.
    const stored =
      (await trx
        .insertInto('blobs')
        .values({ key, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength), sha256, size: content.byteLength, content_type: contentType })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning(['sha256', 'size'])
        .executeTakeFirst()) ?? (await trx.selectFrom('blobs').select(['sha256', 'size']).where('key', '=', key).executeTakeFirstOrThrow());
    if (stored.sha256 !== sha256) throw new ConflictError(`Blob ${key} already holds other content.`);
    return { key, sha256, size: stored.size };
  }

  return {
    kind: 'database',
    putWithin,
    put: (key, content, contentType) => putWithin(db, key, content, contentType),
    async get(key) {
      assertBlobKey(key);
      const row = await db.selectFrom('blobs').select('content').where('key', '=', key).executeTakeFirst();
      return row ? new Uint8Array(row.content) : undefined;
    },
  };
}
