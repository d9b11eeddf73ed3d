/**
 * The dashboard's reads of the daily counts, exact (suppression comes after): one query per panel,
 * each over the smallest table that answers it (national marginals without a province, the
 * province's own rows with one), so a year of national data reads tens of thousands of rows at most.
 */
import { sql } from 'kysely';
import { topicCounts } from '../chatbot/topic-counts';
import type { Db } from '../db/database';
import type { Count } from './suppression';

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

/** Certificates issued by day, by type and by facility kind. */
export async function certificateBreakdowns(db: Db, filter: AnalyticsFilter): Promise<Breakdowns> {
  const source = filter.province === null ? sql`analytics_certificates_national_daily where true` : sql`analytics_certificates_daily where province = ${filter.province}`;
  const { rows } = await sql<GroupedRow>`
    select to_char(day, 'YYYY-MM-DD') as day, type as a, facility_kind as b, sum(count) as n
    from ${source} and day between ${filter.from}::date and ${filter.to}::date
    group by grouping sets ((day), (type), (facility_kind))
  `.execute(db);
  return splitSets(rows, 'byType', 'byFacilityKind');
}

/** Certificates issued by province (only the chosen one when filtered). */
export async function certificatesByProvince(db: Db, filter: AnalyticsFilter): Promise<Count[]> {
  let query = db
    .selectFrom('analytics_certificates_province_daily')
    .select(['province as key', sql<string>`sum(count)`.as('count')])
    .where('day', '>=', sql<Date>`${filter.from}::date`)
    .where('day', '<=', sql<Date>`${filter.to}::date`)
    .groupBy('province');
  if (filter.province !== null) query = query.where('province', '=', filter.province);
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

/** Chatbot conversations by day, topic and language (national: the chatbot does not know provinces). */
export async function chatbotBreakdowns(db: Db, filter: AnalyticsFilter): Promise<Breakdowns> {
  const sums = { byDay: new Map<string, number>(), byTopic: new Map<string, number>(), byLanguage: new Map<string, number>() };
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  for (const row of await topicCounts(db, filter.from, filter.to)) {
    add(sums.byDay, row.day, row.count);
    add(sums.byTopic, row.topic, row.count);
    add(sums.byLanguage, row.language, row.count);
  }
  const list = (map: Map<string, number>) => [...map].map(([key, count]) => ({ key, count }));
  return { byDay: list(sums.byDay), byTopic: list(sums.byTopic), byLanguage: list(sums.byLanguage) };
}
