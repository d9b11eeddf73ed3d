/** Accounts: users (scrypt password, sealed TOTP secret, platform role), sessions, OAuth2 clients and access tokens. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const accountsMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('username', 'text', (c) => c.notNull().unique().check(sql`username = lower(username)`))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('totp_secret_sealed', 'text')
      .addColumn('totp_last_step', 'bigint')
      .addColumn('platform_role', 'text', (c) => c.notNull().defaultTo('none').check(sql`platform_role in ('platform_operator','verifier_org','citizen','none')`))
      .addColumn('practitioner_id', 'uuid', (c) => c.unique().references('practitioners.id'))
      .addColumn('citizen_subject_key', 'text', (c) => c.unique())
      .addColumn('disabled_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();

    await db.schema
      .createTable('oauth_clients')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('facility_id', 'uuid', (c) => c.notNull().references('facilities.id'))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('revoked_at', 'timestamptz')
      .execute();
    await db.schema.createIndex('oauth_clients_facility').on('oauth_clients').column('facility_id').execute();

    await db.schema
      .createTable('oauth_tokens')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('client_id', 'uuid', (c) => c.notNull().references('oauth_clients.id').onDelete('cascade'))
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('oauth_tokens_expiry').on('oauth_tokens').column('expires_at').execute();
  },
};
