/**
 * Rate-limit counters shared by every server process (src/server/rate-limit-counters.ts). Unlogged: a
 * counter is worth no WAL write, and a crash that resets the counters only restarts their windows.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const rateLimitCountersMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await sql`CREATE UNLOGGED TABLE rate_limit_counters (
      key text PRIMARY KEY,
      count integer NOT NULL,
      window_ends_at timestamptz NOT NULL
    )`.execute(db);
  },
};
