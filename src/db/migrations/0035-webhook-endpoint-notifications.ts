/**
 * Every change to the webhook endpoints is announced on the `medcert_webhook_endpoints` channel when
 * its transaction commits, whoever makes it (any process, psql): issuing servers keep each facility's
 * endpoints in memory (src/webhooks/facility-endpoints.ts) and drop them all when they hear it.
 * Endpoints change rarely, so the commit-time lock a notifying transaction takes costs nothing that matters.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const webhookEndpointNotificationsMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await sql`CREATE FUNCTION medcert_webhook_endpoints_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('medcert_webhook_endpoints', '*');
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER webhook_endpoints_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON webhook_endpoints
      FOR EACH STATEMENT EXECUTE FUNCTION medcert_webhook_endpoints_changed()`.execute(db);
  },
};
