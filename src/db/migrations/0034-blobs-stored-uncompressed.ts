/**
 * Blob contents are stored out of line without compression: PDFs are Flate-compressed already, and
 * PostgreSQL's pglz spent most of a blob insert failing to shrink them.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const blobsStoredUncompressedMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE blobs ALTER COLUMN content SET STORAGE EXTERNAL`.execute(db);
  },
};
