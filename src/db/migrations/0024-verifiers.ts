/** Verifier organisations (employers, insurers, agencies), their members and hashed API keys, and the record of every verification. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const verifiersMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('verifier_organisations')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('employer','insurer','agency','border','other')`))
      .addColumn('contact_email', 'text', (c) => c.notNull())
      .addColumn('contact_phone', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','active','suspended')`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('decided_at', 'timestamptz')
      .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
      .execute();
    await db.schema.createIndex('verifier_organisations_status').on('verifier_organisations').columns(['status', 'created_at']).execute();

    await db.schema
      .createTable('verifier_members')
      .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id'))
      .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('verifier_organisations.id'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('verifier_api_keys')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('verifier_organisations.id'))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('rate_limit_per_minute', 'integer', (c) => c.notNull().check(sql`rate_limit_per_minute between 1 and 100000`))
      .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('revoked_at', 'timestamptz')
      .execute();
    await db.schema.createIndex('verifier_api_keys_organisation').on('verifier_api_keys').column('organisation_id').execute();

    await db.schema
      .createTable('verifications')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('pdf','qr')`))
      .addColumn('certificate_id', 'uuid', (c) => c.references('certificates.id'))
      .addColumn('valid', 'boolean', (c) => c.notNull())
      .addColumn('reasons', 'jsonb', (c) => c.notNull())
      .addColumn('organisation_id', 'uuid', (c) => c.references('verifier_organisations.id'))
      .addColumn('api_key_id', 'uuid', (c) => c.references('verifier_api_keys.id'))
      .execute();
    await db.schema.createIndex('verifications_organisation_at').on('verifications').columns(['organisation_id', 'at']).where(sql.ref('organisation_id'), 'is not', null).execute();
    await db.schema.createIndex('verifications_certificate_at').on('verifications').columns(['certificate_id', 'at']).where(sql.ref('certificate_id'), 'is not', null).execute();
  },
};
