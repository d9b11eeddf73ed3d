/** The database blob store's table. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const storageMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('blobs')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('content', 'bytea', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
};
