/**
 * The CSV export of the daily counts, in long form (one row per cell, one header for every dataset),
 * so a warehouse loads it as one table and pivots as it likes. Cells under 10 read "<10". The cubes
 * (certificates, complaints) are read a page at a time in key order, so a year of the whole country
 * streams in constant memory.
 */
import { sql } from 'kysely';
import { topicCounts } from '../chatbot/topic-counts';
import type { Db } from '../db/database';
import type { AnalyticsFilter } from './queries';
import type { AnalyticsScope } from './scope';
import { suppressCell } from './suppression';

export const csvColumns = ['dataset', 'day', 'province', 'type', 'facility_kind', 'channel', 'outcome', 'topic', 'language', 'category', 'status', 'count'] as const;
type CsvColumn = (typeof csvColumns)[number];
type CsvRow = Partial<Record<CsvColumn, string | number>>;

const pageSize = 10_000;

function csvField(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (row: CsvRow) => `${csvColumns.map((column) => csvField(row[column])).join(',')}\r\n`;

type Cube = 'analytics_certificates_daily' | 'analytics_complaints_daily';
type CubeRow = Record<string, string> & { count: number | string };

/**
 * A daily cube's non-empty cells in the range, a page at a time in primary-key order (province, day,
 * then `dimensions`), each page starting after the last key of the one before.
 */
async function* cubePages(db: Db, table: Cube, dimensions: readonly string[], filter: AnalyticsFilter): AsyncGenerator<CubeRow[]> {
  const keys = ['province', 'day', ...dimensions];
  const columns = sql.join([sql.ref('province'), sql`to_char(day, 'YYYY-MM-DD') as day`, ...dimensions.map((d) => sql.ref(d)), sql.ref('count')]);
  const keyRow = sql.join(keys.map((k) => sql.ref(k)));
  let after: CubeRow | undefined;
  for (;;) {
    const { rows } = await sql<CubeRow>`
      select ${columns} from ${sql.table(table)}
      where day between ${filter.from}::date and ${filter.to}::date and count > 0
      ${filter.province === null ? sql`` : sql`and province = ${filter.province}`}
      ${after ? sql`and (${keyRow}) > (${sql.join(keys.map((k) => (k === 'day' ? sql`${after![k]}::date` : sql`${after![k]}`)))})` : sql``}
      order by ${keyRow} limit ${pageSize}
    `.execute(db);
    yield rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1);
  }
}

export async function* exportCsv(db: Db, filter: AnalyticsFilter, scope: AnalyticsScope): AsyncGenerator<string> {
  yield csvLine(Object.fromEntries(csvColumns.map((c) => [c, c])));

  for await (const rows of cubePages(db, 'analytics_certificates_daily', ['type', 'facility_kind'], filter)) {
    yield rows.map((r) => csvLine({ dataset: 'certificates_issued', day: r.day, province: r.province, type: r.type, facility_kind: r.facility_kind, count: suppressCell(Number(r.count)) })).join('');
  }

  // Verifications are at most a few hundred cells a day: one read.
  const inRange = sql`day between ${filter.from}::date and ${filter.to}::date${filter.province === null ? sql`` : sql` and province = ${filter.province}`}`;
  const { rows: verifications } = await sql<{ province: string; day: string; channel: string; outcome: string; count: number }>`
    select province, to_char(day, 'YYYY-MM-DD') as day, channel, outcome, count from analytics_verifications_daily
    where ${inRange} order by province, day, channel, outcome
  `.execute(db);
  yield verifications.map((r) => csvLine({ dataset: 'verifications', day: r.day, province: r.province, channel: r.channel, outcome: r.outcome, count: suppressCell(Number(r.count)) })).join('');

  for await (const rows of cubePages(db, 'analytics_complaints_daily', ['category', 'status'], filter)) {
    yield rows.map((r) => csvLine({ dataset: 'complaints', day: r.day, province: r.province, category: r.category, status: r.status, count: suppressCell(Number(r.count)) })).join('');
  }

  if (scope.national) {
    const topics = await topicCounts(db, filter.from, filter.to);
    yield topics.map((r) => csvLine({ dataset: 'chatbot_topics', day: r.day, topic: r.topic, language: r.language, count: suppressCell(r.count) })).join('');
  }
}
