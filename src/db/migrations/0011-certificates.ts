/** Certificates with their lifecycle, idempotency keys for HIS requests, and standing signing consents. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const certificatesMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('certificates')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('facility_id', 'uuid', (c) => c.notNull().references('facilities.id'))
      .addColumn('practitioner_id', 'uuid', (c) => c.notNull().references('practitioners.id'))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','pending_signature','signing','issued','revoked','superseded')`))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .addColumn('patient', 'jsonb', (c) => c.notNull())
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('issued_at', 'timestamptz')
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('revocation_reason', 'text')
      .addColumn('supersedes', 'uuid', (c) => c.references('certificates.id'))
      .addColumn('superseded_by', 'uuid', (c) => c.references('certificates.id'))
      .addColumn('signing_lease_until', 'timestamptz')
      .addColumn('pdf_key', 'text')
      .addColumn('pdf_sha256', 'text')
      .addColumn('qr_payload', 'text')
      .execute();
    await db.schema.createIndex('certificates_facility_created').on('certificates').columns(['facility_id', 'created_at']).execute();
    await db.schema.createIndex('certificates_pdf_sha256').on('certificates').column('pdf_sha256').execute();
    await db.schema.createIndex('certificates_subject').on('certificates').column('subject_key').execute();
    await db.schema.createIndex('certificates_practitioner_status').on('certificates').columns(['practitioner_id', 'status']).execute();
    await db.schema.createIndex('certificates_signing').on('certificates').column('status').where(sql.ref('status'), '=', 'signing').execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('request_sha256', 'text', (c) => c.notNull())
      .addColumn('certificate_id', 'uuid', (c) => c.notNull().references('certificates.id'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
      .execute();

    await db.schema
      .createTable('signing_consents')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('practitioner_id', 'uuid', (c) => c.notNull().references('practitioners.id'))
      .addColumn('facility_id', 'uuid', (c) => c.notNull().references('facilities.id'))
      .addColumn('types', 'jsonb', (c) => c.notNull())
      .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('revoked_at', 'timestamptz')
      .execute();
  },
};
