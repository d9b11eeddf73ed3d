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
}

export type BlobStore = DatabaseBlobStore | FilesystemBlobStore;

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Keys are ours (uuid-based paths); refuse anything that could escape a directory or carry data. */
export function assertBlobKey(key: string): void {
  if (!/^[a-z0-9][a-z0-9/_.-]{0,200}$/.test(key) || key.includes('..')) throw new Error(`Invalid blob key "${key}".`);
}
