/**
 * The complaints' daily counts: a cube (province × submitted day × category × status, for the export)
 * and its marginals (per province and for the whole country: the day's total, per category, per
 * status), so a year on the dashboard reads a few thousand rows instead of every complaint.
 *
 * Why a trigger and not the certificates' queue: a complaint's status keeps moving after it is
 * filed, and its counts must move with it; complaints come a few thousand a day, not a million, and
 * each filing already waits on the audit log's head row, so adding to a day's counters in the same
 * transaction costs no concurrency, and the counts are never behind. The trigger (migration 0028)
 * subtracts the old row's cells and adds the new row's, taking the counter rows in key order so two
 * transactions never deadlock on them.
 */
import { sql, type Kysely } from 'kysely';
import { wholeCountry } from './tables';

const deltas = sql.raw(`(
    SELECT NEW.province, NEW.submitted_day, NEW.category, NEW.status, 1
    UNION ALL
    SELECT OLD.province, OLD.submitted_day, OLD.category, OLD.status, -1 WHERE TG_OP = 'UPDATE'
  ) AS c (province, day, category, status, delta)`);

/** Adds `source`'s cells (columns province, day, category, status, delta) to the cube and the marginals, in key order. */
const addCells = (source: ReturnType<typeof sql.raw>) => sql`
  WITH cube AS (
    INSERT INTO analytics_complaints_daily AS d (province, day, category, status, count)
    SELECT c.province, c.day, c.category, c.status, sum(c.delta) FROM ${source}
    GROUP BY 1, 2, 3, 4 HAVING sum(c.delta) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (province, day, category, status) DO UPDATE SET count = d.count + excluded.count
  )
  INSERT INTO analytics_complaint_marginals AS m (scope, day, dimension, value, count)
  SELECT s.scope, c.day, x.dimension, x.value, sum(c.delta) FROM ${source}
  CROSS JOIN LATERAL (VALUES (c.province), (${sql.lit(wholeCountry)})) AS s (scope)
  CROSS JOIN LATERAL (VALUES ('total', ''), ('category', c.category), ('status', c.status)) AS x (dimension, value)
  GROUP BY 1, 2, 3, 4 HAVING sum(c.delta) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (scope, day, dimension, value) DO UPDATE SET count = m.count + excluded.count`;

/** The trigger function's body, for the migration that creates it. */
export const countComplaintFunction = sql`CREATE FUNCTION analytics_count_complaint() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    ${addCells(deltas)};
    RETURN NULL;
  END $$`;

/**
 * Counts every complaint from scratch: for the migration that introduces the counts, and after a bulk
 * load made with the trigger disabled (the bench's seed). Run it in a transaction with no complaint
 * being filed, or counts are lost or doubled.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migration passes its untyped handle
export async function recountComplaints(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM analytics_complaint_marginals`.execute(db);
  await sql`DELETE FROM analytics_complaints_daily`.execute(db);
  await addCells(sql.raw(`(SELECT province, submitted_day, category, status, 1 FROM complaints) AS c (province, day, category, status, delta)`)).execute(db);
}
