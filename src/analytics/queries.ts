/**
 * The dashboard's reads of the daily counts, exact (suppression comes after): one query per panel,
 * each over the smallest table that answers it (the scope's marginals for certificates, 17 rows a
 * day, and complaints, 13, whether the whole country or one province), so a year reads a few
 * thousand rows.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { Count } from './suppression';
import { wholeCountry } from './tables';

export interface AnalyticsFilter {
  /** First and last Thai calendar day, inclusive, 'YYYY-MM-DD'. */
  from: string;
  to: string;
  /** ISO 3166-2:TH code, or null for the whole country. */
  province: string | null;
}

export interface Breakdowns {
  byDay: Count[];
  [dimension: string]: Count[];
}

interface GroupedRow {
  day: string | null;
  a: string | null;
  b: string | null;
  n: number | string;
}

/** Splits a GROUPING SETS ((day), (a), (b)) answer into its three breakdowns; the columns are never null in the tables, so null marks the other sets. */
function splitSets(rows: GroupedRow[], a: string, b: string): Breakdowns {
  const out: Breakdowns = { byDay: [], [a]: [], [b]: [] };
  for (const row of rows) {
    const count = Number(row.n);
    if (row.day !== null) out.byDay.push({ key: row.day, count });
    else if (row.a !== null) out[a]!.push({ key: row.a, count });
    else if (row.b !== null) out[b]!.push({ key: row.b, count });
  }
  return out;
}

/**
 * One read of a scope's marginals (the day's total and each dimension's values), summed over the range:
 * `dimensions` names the breakdown each dimension becomes. Cells that moved away to nothing (a
 * complaint's old status) are left out.
 */
async function marginalBreakdowns(db: Db, table: 'analytics_certificate_marginals' | 'analytics_complaint_marginals', filter: AnalyticsFilter, dimensions: Record<string, string>): Promise<Breakdowns> {
  const { rows } = await sql<{ day: string | null; dimension: string; value: string; n: number | string }>`
    select to_char(case when dimension = 'total' then day end, 'YYYY-MM-DD') as day, dimension, value, sum(count) as n
    from ${sql.table(table)}
    where scope = ${filter.province ?? wholeCountry} and day between ${filter.from}::date and ${filter.to}::date
    group by dimension, value, case when dimension = 'total' then day end
    having sum(count) > 0
  `.execute(db);
  const out: Breakdowns = { byDay: [], ...Object.fromEntries(Object.values(dimensions).map((name) => [name, []])) };
  for (const row of rows) {
    const count = Number(row.n);
    if (row.dimension === 'total') out.byDay.push({ key: row.day!, count });
    else out[dimensions[row.dimension]!]!.push({ key: row.value, count });
  }
  return out;
}

/** Certificates issued by day, by type and by facility kind. */
export function certificateBreakdowns(db: Db, filter: AnalyticsFilter): Promise<Breakdowns> {
  return marginalBreakdowns(db, 'analytics_certificate_marginals', filter, { type: 'byType', facility_kind: 'byFacilityKind' });
}

/** Complaints filed in the range by day, by category and by status (where each stands now); with a province, those against its facilities. */
export function complaintBreakdowns(db: Db, filter: AnalyticsFilter): Promise<Breakdowns> {
  return marginalBreakdowns(db, 'analytics_complaint_marginals', filter, { category: 'byCategory', status: 'byStatus' });
}

/** Certificates issued by province (only the chosen one when filtered), from the provinces' daily totals. */
export async function certificatesByProvince(db: Db, filter: AnalyticsFilter): Promise<Count[]> {
  let query = db
    .selectFrom('analytics_certificate_marginals')
    .select(['scope as key', sql<string>`sum(count)`.as('count')])
    .where('dimension', '=', 'total')
    .where('day', '>=', sql<Date>`${filter.from}::date`)
    .where('day', '<=', sql<Date>`${filter.to}::date`)
    .groupBy('scope');
  query = filter.province === null ? query.where('scope', '<>', wholeCountry) : query.where('scope', '=', filter.province);
  return (await query.execute()).map((r) => ({ key: r.key, count: Number(r.count) }));
}

/** Verifications by day, by channel (pdf, qr) and by outcome; with a province, those of its facilities' certificates. */
export async function verificationBreakdowns(db: Db, filter: AnalyticsFilter): Promise<Breakdowns> {
  const source = filter.province === null ? sql`analytics_verifications_national_daily where true` : sql`analytics_verifications_daily where province = ${filter.province}`;
  const { rows } = await sql<GroupedRow>`
    select to_char(day, 'YYYY-MM-DD') as day, channel as a, outcome as b, sum(count) as n
    from ${source} and day between ${filter.from}::date and ${filter.to}::date
    group by grouping sets ((day), (channel), (outcome))
  `.execute(db);
  return splitSets(rows, 'byChannel', 'byOutcome');
}

/**
 * Chatbot conversations by day, topic and language (national: the chatbot does not know provinces).
 * Read straight from the chatbot's daily topic table, which it keeps for this dashboard.
 */
export async function chatbotBreakdowns(db: Db, filter: AnalyticsFilter): Promise<Breakdowns> {
  const { rows } = await sql<GroupedRow>`
    select to_char(day, 'YYYY-MM-DD') as day, topic as a, language as b, sum(count) as n
    from chatbot_topic_daily where day between ${filter.from}::date and ${filter.to}::date
    group by grouping sets ((day), (topic), (language))
  `.execute(db);
  return splitSets(rows, 'byTopic', 'byLanguage');
}

