/** The audit log: append-only, hash-chained events, and a single head row that appends lock in turn. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const auditMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('audit_events')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_kind', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('facility_id', 'uuid')
      .addColumn('ip', 'text')
      .addColumn('request_id', 'text')
      .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_events_facility').on('audit_events').columns(['facility_id', 'seq']).execute();
    await db.schema.createIndex('audit_events_target').on('audit_events').columns(['target_kind', 'target_id']).execute();

    // Every append takes this row FOR UPDATE: one writer at a time, so the chain cannot fork.
    await db.schema
      .createTable('audit_head')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await sql`INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64))`.execute(db);

    // Events are never rewritten: the database refuses UPDATE, DELETE and TRUNCATE (verifyChain catches what bypasses this).
    await sql`CREATE FUNCTION audit_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only (%)', TG_OP;
      END $$`.execute(db);
    await sql`CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_are_append_only()`.execute(db);
    await sql`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_are_append_only()`.execute(db);
  },
};
