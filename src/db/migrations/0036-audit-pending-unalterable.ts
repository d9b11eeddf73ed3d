/**
 * An audit event waiting to be chained cannot be rewritten either: the database refuses UPDATE and
 * TRUNCATE on audit_pending as it does on audit_events. DELETE stays: it is how the chainer moves
 * events into the chain.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const auditPendingUnalterableMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await sql`CREATE FUNCTION audit_pending_is_unalterable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_pending events cannot be altered (%)', TG_OP;
      END $$`.execute(db);
    await sql`CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending FOR EACH ROW EXECUTE FUNCTION audit_pending_is_unalterable()`.execute(db);
    await sql`CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending FOR EACH STATEMENT EXECUTE FUNCTION audit_pending_is_unalterable()`.execute(db);
  },
};
