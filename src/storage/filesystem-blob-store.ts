/** Blob store on a local directory: written to a temporary file, fsynced, then renamed, so a crash never leaves half a PDF. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConflictError } from '../errors';
import { assertBlobKey, sha256Hex, type FilesystemBlobStore, type StoredBlob } from './blob-store';

export function createFilesystemBlobStore(root: string): FilesystemBlobStore {
  return {
    kind: 'filesystem',
    async put(key, content): Promise<StoredBlob> {
      assertBlobKey(key);
      const sha256 = sha256Hex(content);
      const target = path.join(root, key);
      const existing = await readIfExists(target);
      if (existing) {
        if (sha256Hex(existing) !== sha256) throw new ConflictError(`Blob ${key} already holds other content.`);
        return { key, sha256, size: existing.byteLength };
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await fs.open(temporary, 'wx');
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, target);
      return { key, sha256, size: content.byteLength };
    },
    async get(key) {
      assertBlobKey(key);
      return readIfExists(path.join(root, key));
    },
    async remove(key) {
      assertBlobKey(key);
      await fs.rm(path.join(root, key), { force: true });
    },
  };
}

async function readIfExists(file: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
