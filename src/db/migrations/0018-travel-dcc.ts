/** Certificates the citizen asked to carry an EU DCC for travel, and the HC1 they were issued with (kept so a reprint after a crash is the same). */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const travelDccMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema.alterTable('certificates').addColumn('travel', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
    await db.schema.alterTable('certificates').addColumn('dcc_hc1', 'text').execute();
  },
};
