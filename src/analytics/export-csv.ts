/**
 * The CSV export of the daily counts, in long form (one row per cell, one header for every dataset),
 * so a warehouse loads it as one table and pivots as it likes. Cells under 10 read "<10". Rows are
 * read a page at a time in key order, so a year of the whole country streams in constant memory.
 */
import { sql } from 'kysely';
import { topicCounts } from '../chatbot/topic-counts';
import type { Db } from '../db/database';
import type { AnalyticsFilter } from './queries';
import type { AnalyticsScope } from './scope';
import { suppressCell } from './suppression';

export const csvColumns = ['dataset', 'day', 'province', 'type', 'facility_kind', 'channel', 'outcome', 'topic', 'language', 'count'] as const;
type CsvRow = Partial<Record<(typeof csvColumns)[number], string | number>>;

const pageSize = 10_000;

function csvField(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (row: CsvRow) => `${csvColumns.map((column) => csvField(row[column])).join(',')}\r\n`;

export async function* exportCsv(db: Db, filter: AnalyticsFilter, scope: AnalyticsScope): AsyncGenerator<string> {
  yield csvLine(Object.fromEntries(csvColumns.map((c) => [c, c])));
  const inRange = sql`day between ${filter.from}::date and ${filter.to}::date${filter.province === null ? sql`` : sql` and province = ${filter.province}`}`;

  let after: { province: string; day: string; type: string; facility_kind: string } | undefined;
  for (;;) {
    const { rows } = await sql<{ province: string; day: string; type: string; facility_kind: string; count: number }>`
      select province, to_char(day, 'YYYY-MM-DD') as day, type, facility_kind, count from analytics_certificates_daily
      where ${inRange} ${after ? sql`and (province, day, type, facility_kind) > (${after.province}, ${after.day}::date, ${after.type}, ${after.facility_kind})` : sql``}
      order by province, day, type, facility_kind limit ${pageSize}
    `.execute(db);
    yield rows.map((r) => csvLine({ dataset: 'certificates_issued', day: r.day, province: r.province, type: r.type, facility_kind: r.facility_kind, count: suppressCell(Number(r.count)) })).join('');
    if (rows.length < pageSize) break;
    after = rows.at(-1);
  }

  // Verifications are at most a few hundred cells a day: one read.
  const { rows: verifications } = await sql<{ province: string; day: string; channel: string; outcome: string; count: number }>`
    select province, to_char(day, 'YYYY-MM-DD') as day, channel, outcome, count from analytics_verifications_daily
    where ${inRange} order by province, day, channel, outcome
  `.execute(db);
  yield verifications.map((r) => csvLine({ dataset: 'verifications', day: r.day, province: r.province, channel: r.channel, outcome: r.outcome, count: suppressCell(Number(r.count)) })).join('');

  if (scope.national) {
    const topics = await topicCounts(db, filter.from, filter.to);
    yield topics.map((r) => csvLine({ dataset: 'chatbot_topics', day: r.day, topic: r.topic, language: r.language, count: suppressCell(r.count) })).join('');
  }
}
