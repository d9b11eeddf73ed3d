/**
 * Public-health analytics, no personal data: a queue the database fills as certificates are issued;
 * the daily counts rolled up from it, as a full cube (province × type × facility kind, for the export
 * and a warehouse) and as marginals (per province and for the whole country: the day's total, per
 * type, per facility kind) so a year on the dashboard reads a few thousand rows; and verifications.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const analyticsMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('analytics_certificate_queue')
      .addColumn('certificate_id', 'uuid', (c) => c.primaryKey())
      .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('facility_kind', 'text', (c) => c.notNull())
      .addColumn('province', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('analytics_certificates_daily')
      .addColumn('day', 'date', (c) => c.notNull())
      .addColumn('province', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('facility_kind', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('analytics_certificates_daily_pkey', ['province', 'day', 'type', 'facility_kind'])
      .execute();

    // scope: a province's ISO code, or 'TH' for the whole country; dimension 'total' has the value ''.
    await db.schema
      .createTable('analytics_certificate_marginals')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('day', 'date', (c) => c.notNull())
      .addColumn('dimension', 'text', (c) => c.notNull().check(sql`dimension in ('total', 'type', 'facility_kind')`))
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('analytics_certificate_marginals_pkey', ['scope', 'day', 'dimension', 'value'])
      .execute();
    // The whole country's breakdown by province reads only the provinces' daily totals.
    await db.schema.createIndex('analytics_certificate_marginals_totals').on('analytics_certificate_marginals').columns(['day', 'scope']).where(sql.ref('dimension'), '=', 'total').execute();

    // province is the issuing facility's, or 'unknown' when the document was not found (forgeries, foreign files).
    await db.schema
      .createTable('analytics_verifications_daily')
      .addColumn('day', 'date', (c) => c.notNull())
      .addColumn('province', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('pdf', 'qr')`))
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('analytics_verifications_daily_pkey', ['province', 'day', 'channel', 'outcome'])
      .execute();
    await db.schema
      .createTable('analytics_verifications_national_daily')
      .addColumn('day', 'date', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('pdf', 'qr')`))
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('analytics_verifications_national_daily_pkey', ['day', 'channel', 'outcome'])
      .execute();

    // One small insert per issuance, in the issuing transaction: no shared counter row to contend on.
    await sql`CREATE FUNCTION analytics_enqueue_issued() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO analytics_certificate_queue (certificate_id, issued_at, type, facility_kind, province)
        SELECT NEW.id, coalesce(NEW.issued_at, now()), NEW.type, f.kind, f.province FROM facilities f WHERE f.id = NEW.facility_id
        ON CONFLICT (certificate_id) DO NOTHING;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER analytics_certificate_issued AFTER UPDATE OF status ON certificates FOR EACH ROW
      WHEN (NEW.status = 'issued' AND OLD.status IS DISTINCT FROM 'issued') EXECUTE FUNCTION analytics_enqueue_issued()`.execute(db);
    await sql`CREATE TRIGGER analytics_certificate_inserted_issued AFTER INSERT ON certificates FOR EACH ROW
      WHEN (NEW.status = 'issued') EXECUTE FUNCTION analytics_enqueue_issued()`.execute(db);

    // Certificates issued before this migration are counted by the first roll-up.
    await sql`INSERT INTO analytics_certificate_queue (certificate_id, issued_at, type, facility_kind, province)
      SELECT c.id, c.issued_at, c.type, f.kind, f.province FROM certificates c JOIN facilities f ON f.id = c.facility_id
      WHERE c.issued_at IS NOT NULL AND c.status IN ('issued', 'revoked', 'superseded')`.execute(db);
  },
};
