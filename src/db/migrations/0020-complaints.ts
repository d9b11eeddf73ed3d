/** Complaints against private facilities (workflow steps, attachments, the facility's response) and the citizens' notification outbox. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const complaintsMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('complaints')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('citizen_subject_key', 'text', (c) => c.notNull())
      .addColumn('facility_id', 'uuid', (c) => c.notNull().references('facilities.id'))
      .addColumn('facility_kind', 'text', (c) => c.notNull().check(sql`facility_kind <> 'public_hospital'`))
      .addColumn('province', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('visit_date', 'date', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('submitted','triaged','investigating','resolved','dismissed')`))
      .addColumn('assigned_officer_id', 'uuid', (c) => c.references('users.id'))
      .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
      .addColumn('submitted_day', 'date', (c) => c.notNull())
      .addColumn('triaged_at', 'timestamptz')
      .addColumn('closed_at', 'timestamptz')
      .addColumn('due_at', 'timestamptz')
      .addCheckConstraint('complaints_due_check', sql`(due_at is null) = (status in ('resolved','dismissed'))`)
      .execute();
    await db.schema.createIndex('complaints_citizen').on('complaints').columns(['citizen_subject_key', 'submitted_at']).execute();
    await db.schema.createIndex('complaints_facility').on('complaints').columns(['facility_id', 'submitted_at']).execute();
    await db.schema.createIndex('complaints_province_due').on('complaints').columns(['province', 'due_at']).execute();
    await db.schema.createIndex('complaints_counts').on('complaints').columns(['submitted_day', 'category', 'status']).execute();

    await db.schema
      .createTable('complaint_steps')
      // A sequence, not a uuid: steps in the same millisecond still read back in the order they were taken.
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id'))
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('complaint_steps_complaint').on('complaint_steps').columns(['complaint_id', 'at']).execute();

    await db.schema
      .createTable('complaint_attachments')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id'))
      // The order the citizen sent them in, 0 to 4: also keeps concurrent uploads within the limit.
      .addColumn('position', 'integer', (c) => c.notNull().check(sql`position between 0 and 4`))
      .addColumn('blob_key', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull().check(sql`content_type in ('image/png','image/jpeg','application/pdf')`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('complaint_attachments_position').on('complaint_attachments').columns(['complaint_id', 'position']).unique().execute();

    await db.schema
      .createTable('complaint_responses')
      .addColumn('complaint_id', 'uuid', (c) => c.primaryKey().references('complaints.id'))
      .addColumn('facility_id', 'uuid', (c) => c.notNull().references('facilities.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('citizen_notifications')
      // A sequence: the delivery side sends a citizen's notifications in the order the steps happened.
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$'`))
      .addColumn('complaint_id', 'uuid', (c) => c.references('complaints.id'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('delivered_at', 'timestamptz')
      .execute();
    await db.schema.createIndex('citizen_notifications_pending').on('citizen_notifications').column('id').where(sql.ref('delivered_at'), 'is', null).execute();
  },
};
