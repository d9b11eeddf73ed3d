/** The citizen wallet: contact phones by subject key, one-time sign-in codes, expiring share links and who opened them. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const walletMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('citizen_contacts')
      .addColumn('subject_key', 'text', (c) => c.primaryKey())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('wallet_otp_challenges')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('consumed_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('wallet_otp_challenges_subject').on('wallet_otp_challenges').columns(['subject_key', 'created_at']).execute();
    await db.schema
      .createTable('share_links')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('certificate_id', 'uuid', (c) => c.notNull().references('certificates.id'))
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('share_links_certificate').on('share_links').columns(['certificate_id', 'subject_key']).execute();
    await db.schema
      .createTable('share_link_opens')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('share_link_id', 'uuid', (c) => c.notNull().references('share_links.id'))
      .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('view','download')`))
      .addColumn('agent', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('share_link_opens_link').on('share_link_opens').columns(['share_link_id', 'opened_at']).execute();
  },
};
