/** The PKI's keys and certificates. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const pkiMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('pki_keys')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('algorithm', 'text', (c) => c.notNull().check(sql`algorithm IN ('ECDSA-P256', 'RSA-3072')`))
      .addColumn('store', 'text', (c) => c.notNull().check(sql`store IN ('software', 'pkcs11')`))
      .addColumn('wrapped', 'bytea')
      .addColumn('public_key', 'bytea', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('pki_certificates')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('serial', 'text', (c) => c.notNull())
      .addColumn('issuer_id', 'uuid', (c) => c.references('pki_certificates.id'))
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('der', 'bytea', (c) => c.notNull())
      .addColumn('key_id', 'uuid', (c) => c.references('pki_keys.id'))
      .addColumn('owner_kind', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text')
      .addColumn('ca_name', 'text', (c) => c.unique())
      .addColumn('not_before', 'timestamptz', (c) => c.notNull())
      .addColumn('not_after', 'timestamptz', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('good').check(sql`status IN ('good', 'revoked')`))
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('revocation_reason', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addUniqueConstraint('pki_certificates_issuer_serial', ['issuer', 'serial'])
      .execute();
    await db.schema.createIndex('pki_certificates_owner').on('pki_certificates').columns(['owner_kind', 'owner_id']).execute();
    await db.schema.createIndex('pki_certificates_revoked').on('pki_certificates').columns(['issuer_id', 'status']).execute();
  },
};
