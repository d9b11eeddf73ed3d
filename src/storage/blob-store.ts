/** Where signed PDFs and attachments live: behind one interface (database and filesystem now, S3-compatible later). */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database';

export interface StoredBlob {
  key: string;
  sha256: string;
  size: number;
}

interface BlobStoreOperations {
  /** Stores `content` under `key`; storing the same bytes again is a no-op, other bytes under a used key are refused. */
  put(key: string, content: Uint8Array, contentType: string): Promise<StoredBlob>;
  /** The bytes, or undefined when no blob has that key. */
  get(key: string): Promise<Uint8Array | undefined>;
}

/** A store inside the database can also put a blob within the caller's transaction, so it is stored exactly when the change that refers to it commits. */
export interface DatabaseBlobStore extends BlobStoreOperations {
  readonly kind: 'database';
  putWithin(trx: Db, key: string, content: Uint8Array, contentType: string): Promise<StoredBlob>;
}

export interface FilesystemBlobStore extends BlobStoreOperations {
  readonly kind: 'filesystem';
  /** Removes a blob put for a change that then did not commit (nothing refers to it); a missing key is no error. */
  remove(key: string): Promise<void>;
}

/**
 * Puts blobs that rows written in `change` refer to, so they exist exactly when the change commits: within
 * its transaction in the database store; in the filesystem store before it, removed again when it fails.
 */
export async function putWithChange<T>(
  db: Db,
  blobs: BlobStore,
  items: readonly { key: string; content: Uint8Array; contentType: string }[],
  change: (trx: Db, stored: StoredBlob[]) => Promise<T>,
): Promise<T> {
  if (blobs.kind === 'database') {
    return db.transaction().execute(async (trx) => change(trx, await Promise.all(items.map((item) => blobs.putWithin(trx, item.key, item.content, item.contentType)))));
  }
  const stored = await Promise.all(items.map((item) => blobs.put(item.key, item.content, item.contentType)));
  try {
    return await db.transaction().execute((trx) => change(trx, stored));
  } catch (error) {
    await Promise.all(stored.map((blob) => blobs.remove(blob.key)));
    throw error;
  }
}

export type BlobStore = DatabaseBlobStore | FilesystemBlobStore;

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Keys are ours (uuid-based paths); refuse anything that could escape a directory or carry data. */
export function assertBlobKey(key: string): void {
  if (!/^[a-z0-9][a-z0-9/_.-]{0,200}$/.test(key) || key.includes('..')) throw new Error(`Invalid blob key "${key}".`);
}
