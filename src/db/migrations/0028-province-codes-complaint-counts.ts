/**
 * Two steps that came together: officers' provinces in the registry's one spelling, and the complaints'
 * daily counts for the dashboard.
 *
 * Accounts created before this named their province (เชียงใหม่, Chiang Mai); they now hold its ISO
 * 3166-2:TH code (TH-50), which the database enforces as it does for facilities. A value that names
 * no province stops the migration, to be fixed by hand.
 *
 * Complaints are counted per province, submitted day, category and status, and in marginals (per
 * province and for the whole country), kept by a trigger as complaints are filed and move
 * (src/analytics/complaint-counts.ts says why); the complaints filed before are counted here.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { countComplaintFunction, recountComplaints } from '../../analytics/complaint-counts';
import { provinceCodeFromInput } from '../../registry/provinces';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function officerProvinceCodes(db: Kysely<any>) {
  const stored = await db.selectFrom('users').select('province').distinct().where('province', 'is not', null).execute();
  for (const { province } of stored as { province: string }[]) {
    const code = provinceCodeFromInput(province);
    if (!code) throw new Error(`An officer's account names "${province}" as its province, which is no Thai province: set it to an ISO 3166-2:TH code, then migrate again.`);
    if (code !== province) await db.updateTable('users').set({ province: code }).where('province', '=', province).execute();
  }
  await db.schema.alterTable('users').addCheckConstraint('users_province_code_check', sql`province ~ '^TH-([0-9]{2}|S)$'`).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function complaintCounts(db: Kysely<any>) {
  await db.schema
    .createTable('analytics_complaints_daily')
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_complaints_daily_pkey', ['province', 'day', 'category', 'status'])
    .execute();
  await db.schema
    .createTable('analytics_complaint_marginals')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull().check(sql`dimension in ('total', 'category', 'status')`))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_complaint_marginals_pkey', ['scope', 'day', 'dimension', 'value'])
    .execute();
  await countComplaintFunction.execute(db);
  await sql`CREATE TRIGGER analytics_complaint_counted AFTER INSERT OR UPDATE OF province, submitted_day, category, status ON complaints
    FOR EACH ROW EXECUTE FUNCTION analytics_count_complaint()`.execute(db);
  await recountComplaints(db);
}

export const provinceCodesComplaintCountsMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await officerProvinceCodes(db);
    await complaintCounts(db);
  },
};
