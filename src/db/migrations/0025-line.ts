/** The LINE official account: LINE users linked to citizens, one-time linking nonces, and pushes about issued certificates. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const lineMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('line_links')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('line_user_id', 'text', (c) => c.notNull().unique())
      .addColumn('subject_key', 'text', (c) => c.notNull().unique())
      .addColumn('linked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('line_link_nonces')
      .addColumn('nonce_hash', 'text', (c) => c.primaryKey())
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('used_at', 'timestamptz')
      .execute();
    await db.schema
      .createTable('line_notifications')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('certificate_id', 'uuid', (c) => c.notNull().references('certificates.id'))
      .addColumn('line_user_id', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_status', 'integer')
      .addColumn('sent_at', 'timestamptz')
      .addColumn('abandoned_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addUniqueConstraint('line_notifications_once', ['certificate_id', 'line_user_id'])
      .execute();
  },
};
