/**
 * Public-health analytics: a queue the database fills as certificates are issued, the daily counts
 * rolled up from it (by province, type and facility kind, plus national and per-province marginals so
 * a year's dashboard reads a few thousand rows), and daily verification counts. No personal data.
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
    await db.schema
        .createTable('analytics_certificates_national_daily')
        .addColumn('day', 'date', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('facility_kind', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('analytics_certificates_national_daily_pkey', ['day', 'type', 'facility_kind'])
      .execute();
    await db.schema.createTable('analytics_certificates_province_daily').addColumn('day', 'date', (c) => c.notNull()).addColumn('province', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('analytics_certificates_province_daily_pkey', ['day', 'province'])
      .execute();

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
      SELECT c.id, c.issued_at, c.type, f.kind, f.province FROM certificates c JOIN facilities f ON f.id = c.facility_id WHERE c.issued_at IS NOT NULL AND c.status IN ('issued', 'revoked', 'superseded')`.execute(db);
  },
};
