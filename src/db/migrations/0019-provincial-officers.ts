/** Provincial health officers: a platform role bound to one province, for complaints and the analytics dashboard. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const provincialOfficersMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('province', 'text').execute();
    await db.schema.alterTable('users').dropConstraint('users_platform_role_check').execute();
    await db.schema
      .alterTable('users')
      .addCheckConstraint('users_platform_role_check', sql`platform_role in ('platform_operator','provincial_officer','verifier_org','citizen','none')`)
      .execute();
    await db.schema.alterTable('users').addCheckConstraint('users_officer_province_check', sql`(platform_role = 'provincial_officer') = (province is not null)`).execute();
  },
};
