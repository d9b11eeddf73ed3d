/**
 * Every change to what a verification answer says about a certificate is announced on the
 * `medcert_documents` channel when its transaction commits, whoever makes it (any process, psql):
 * an issued certificate's id when its status, revocation, supersession or file changes, and `*`
 * when a licence status history, a facility or a practitioner changes. Verifiers' caches of the
 * register (src/verify/document-cache.ts) listen to it.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const documentChangeNotificationsMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await sql`CREATE FUNCTION medcert_certificate_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('medcert_documents', OLD.id::text);
        RETURN NULL;
      END $$`.execute(db);
    // Only settled certificates are kept by verifiers, so issuing (draft to issued) announces nothing: a
    // notifying transaction takes a cluster-wide lock at commit, which issuing transactions would queue on.
    await sql`CREATE TRIGGER certificates_document_changed AFTER UPDATE ON certificates FOR EACH ROW
      WHEN (OLD.status IN ('issued', 'revoked', 'superseded') AND (OLD.status, OLD.issued_at, OLD.revoked_at, OLD.revocation_reason, OLD.superseded_by, OLD.supersedes, OLD.pdf_sha256, OLD.type, OLD.facility_id, OLD.practitioner_id)
        IS DISTINCT FROM (NEW.status, NEW.issued_at, NEW.revoked_at, NEW.revocation_reason, NEW.superseded_by, NEW.supersedes, NEW.pdf_sha256, NEW.type, NEW.facility_id, NEW.practitioner_id))
      EXECUTE FUNCTION medcert_certificate_changed()`.execute(db);
    await sql`CREATE TRIGGER certificates_document_deleted AFTER DELETE ON certificates FOR EACH ROW
      WHEN (OLD.status IN ('issued', 'revoked', 'superseded')) EXECUTE FUNCTION medcert_certificate_changed()`.execute(db);

    await sql`CREATE FUNCTION medcert_registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('medcert_documents', '*');
        RETURN NULL;
      END $$`.execute(db);
    // Licence histories are append-only (0001); facilities and practitioners are updated in place.
    for (const [table, events] of [
      ['facility_licence_status', 'INSERT'],
      ['practitioner_licence_status', 'INSERT'],
      ['facilities', 'UPDATE OR DELETE'],
      ['practitioners', 'UPDATE OR DELETE'],
    ] as const) {
      await sql.raw(`CREATE TRIGGER ${table}_document_changed AFTER ${events} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION medcert_registry_changed()`).execute(db);
    }
  },
};
