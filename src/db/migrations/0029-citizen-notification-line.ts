/** LINE delivery state of the citizen notification outbox: a retry key per row, when it was queued, its attempts and a final refusal. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const citizenNotificationLineMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('citizen_notifications')
      .addColumn('line_retry_key', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('line_queued_at', 'timestamptz')
      .addColumn('line_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('line_status', 'integer')
      .addColumn('line_abandoned_at', 'timestamptz')
      .execute();
    await db.schema.createIndex('citizen_notifications_subject').on('citizen_notifications').columns(['subject_key', 'id']).execute();
  },
};
