/**
 * Rolls issued certificates up into the daily counts, incrementally.
 *
 * Why a queue and not the other two designs: an upsert of the day's counter in the issuing
 * transaction makes every issuance of a busy day wait on the same few rows (a million certificates
 * a day), and a watermark on issued_at misses certificates whose transaction commits after a later
 * one was already counted. Instead a trigger (migration 0021) adds one row per certificate to
 * analytics_certificate_queue inside the issuing transaction, with the facility's kind and province
 * as they were then; this roll-up deletes a batch of queued rows and adds them to the daily cube and
 * its marginals in the same statement, so each certificate is counted exactly once even with several
 * nodes rolling up at the same time (SKIP LOCKED hands them different rows); the counters are updated in
 * key order, so roll-ups that meet on the same counters wait for each other instead of deadlocking. It runs on a timer in
 * `medcert serve` and before the dashboard reads, so the dashboard is never behind.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database';
import { wholeCountry } from './tables';

const defaultBatchSize = 5000;

/** Counts every queued certificate; returns how many were counted. */
export async function rollUpCertificates(db: Db, batchSize = defaultBatchSize): Promise<number> {
  let total = 0;
  for (;;) {
    const taken = await rollUpBatch(db, batchSize);
    total += taken;
    if (taken < batchSize) return total;
  }
}

async function rollUpBatch(db: Db, batchSize: number): Promise<number> {
  const result = await sql<{ taken: number }>`
    with taken as (
      delete from analytics_certificate_queue
      where certificate_id in (select certificate_id from analytics_certificate_queue limit ${batchSize} for update skip locked)
      returning (issued_at at time zone 'Asia/Bangkok')::date as day, province, type, facility_kind
    ),
    cells as (
      select day, province, type, facility_kind, count(*) as n from taken group by day, province, type, facility_kind
    ),
    by_cell as (
      insert into analytics_certificates_daily as d (day, province, type, facility_kind, count)
      select day, province, type, facility_kind, n from cells
      order by province, day, type, facility_kind
      on conflict (province, day, type, facility_kind) do update set count = d.count + excluded.count
    ),
    marginals as (
      insert into analytics_certificate_marginals as m (scope, day, dimension, value, count)
      select s.scope, cells.day, x.dimension, x.value, sum(cells.n)
      from cells
      cross join lateral (values (cells.province), (${wholeCountry})) as s (scope)
      cross join lateral (values ('total', ''), ('type', cells.type), ('facility_kind', cells.facility_kind)) as x (dimension, value)
      group by s.scope, cells.day, x.dimension, x.value
      order by s.scope, cells.day, x.dimension, x.value
      on conflict (scope, day, dimension, value) do update set count = m.count + excluded.count
    )
    select count(*)::int as taken from taken
  `.execute(db);
  return Number(result.rows[0]?.taken ?? 0);
}
