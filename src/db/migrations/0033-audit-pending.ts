/**
 * Audit events recorded inside a transaction wait here, unchained, until a chainer links them into
 * audit_events: the recording transaction no longer takes the head row, so issuing transactions
 * stop queueing behind one another.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const auditPendingMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('audit_pending')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_kind', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('facility_id', 'uuid')
      .addColumn('ip', 'text')
      .addColumn('request_id', 'text')
      .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .execute();
  },
};
