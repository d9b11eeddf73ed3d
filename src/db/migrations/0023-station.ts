/** The Station: facility onboarding requests the platform operator decides, signer invitations, and pending TOTP enrolments. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const stationMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('facility_onboarding_requests')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('facility_id', 'uuid', (c) => c.notNull().references('facilities.id'))
      .addColumn('requested_by', 'uuid', (c) => c.notNull().references('users.id'))
      // The requester's practitioner record: becomes the facility's first admin on approval.
      .addColumn('practitioner_id', 'uuid', (c) => c.notNull().references('practitioners.id'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','approved','refused')`))
      .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
      .addColumn('decided_at', 'timestamptz')
      .addColumn('refusal_reason', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    // One open request per facility, and a facility joins the platform once.
    await sql`CREATE UNIQUE INDEX facility_onboarding_pending ON facility_onboarding_requests (facility_id) WHERE status = 'pending'`.execute(db);
    await sql`CREATE UNIQUE INDEX facility_onboarding_approved ON facility_onboarding_requests (facility_id) WHERE status = 'approved'`.execute(db);
    await db.schema.createIndex('facility_onboarding_status').on('facility_onboarding_requests').columns(['status', 'created_at']).execute();

    await db.schema
      .createTable('signer_invitations')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('facility_id', 'uuid', (c) => c.notNull().references('facilities.id'))
      .addColumn('practitioner_id', 'uuid', (c) => c.notNull().references('practitioners.id'))
      // SHA-256 of the one-time code handed to the practitioner: a database leak gives no usable code.
      .addColumn('code_hash', 'text', (c) => c.notNull().unique())
      .addColumn('invited_by', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('accepted_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('signer_invitations_facility').on('signer_invitations').columns(['facility_id', 'practitioner_id']).execute();

    // Why a Station user corrected a certificate: kept on the replacement, which points at the one it supersedes.
    await db.schema.alterTable('certificates').addColumn('correction_reason', 'text').execute();

    // A TOTP secret being enrolled: it replaces totp_secret_sealed only once a first code from it is confirmed.
    await db.schema.alterTable('users').addColumn('totp_pending_sealed', 'text').execute();
  },
};
