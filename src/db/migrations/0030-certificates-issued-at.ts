/** Certificates by issue time: the LINE push relay looks at the last hour's issued certificates every minute. */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const certificatesIssuedAtMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema.createIndex('certificates_issued_at').on('certificates').column('issued_at').execute();
  },
};
