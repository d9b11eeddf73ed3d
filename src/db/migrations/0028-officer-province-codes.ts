/**
 * Officers' provinces in the registry's one spelling: accounts created before this named their province
 * (เชียงใหม่, Chiang Mai); they now hold its ISO 3166-2:TH code (TH-50), which the database enforces as
 * it does for facilities. A value that names no province stops the migration, to be fixed by hand.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { provinceCodeFromInput } from '../../registry/provinces';

export const officerProvinceCodesMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    const stored = await db.selectFrom('users').select('province').distinct().where('province', 'is not', null).execute();
    for (const { province } of stored as { province: string }[]) {
      const code = provinceCodeFromInput(province);
      if (!code) throw new Error(`An officer's account names "${province}" as its province, which is no Thai province: set it to an ISO 3166-2:TH code, then migrate again.`);
      if (code !== province) await db.updateTable('users').set({ province: code }).where('province', '=', province).execute();
    }
    await db.schema.alterTable('users').addCheckConstraint('users_province_code_check', sql`province ~ '^TH-([0-9]{2}|S)$'`).execute();
  },
};
