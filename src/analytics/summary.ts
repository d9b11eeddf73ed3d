/** The dashboard's answer: every panel's breakdowns for a range and scope, with small cells suppressed before they leave. */
import type { Db } from '../db/database';
import { daysOf, type DateRange } from './date-range';
import { certificateBreakdowns, certificatesByProvince, chatbotBreakdowns, verificationBreakdowns, type AnalyticsFilter } from './queries';
import type { AnalyticsScope } from './scope';
import { suppressBreakdown, suppressCell, suppressionThreshold, type Cell, type Count, type PublishedCount } from './suppression';

export interface Names {
  th: string;
  en: string;
}

export interface PublishedPanel {
  total: Cell;
  byDay: PublishedCount[];
  [dimension: string]: Cell | PublishedCount[];
}

export interface AnalyticsSummary {
  from: string;
  to: string;
  province: string | null;
  suppressionThreshold: number;
  certificates: PublishedPanel;
  verifications: PublishedPanel;
  /** Null for provincial officers: the chatbot's counts are national only. */
  chatbotTopics: PublishedPanel | null;
  /** Thai and English names of the certificate types that appear. */
  typeNames: Record<string, Names>;
}

/** Largest first, then the suppressed ones by key, so their order says nothing about their size. */
function ordered(cells: PublishedCount[]): PublishedCount[] {
  const shown = cells.filter((c) => typeof c.count === 'number').sort((a, b) => (b.count as number) - (a.count as number) || a.key.localeCompare(b.key));
  const hidden = cells.filter((c) => typeof c.count !== 'number').sort((a, b) => a.key.localeCompare(b.key));
  return [...shown, ...hidden];
}

/** One panel: the total, the days of the range (zeros included) and each other breakdown, all suppressed against the total. */
function publish(days: string[], breakdowns: Record<string, Count[]>): PublishedPanel {
  const perDay = new Map((breakdowns.byDay ?? []).map((c) => [c.key, c.count]));
  const total = [...perDay.values()].reduce((sum, n) => sum + n, 0);
  const panel: PublishedPanel = { total: suppressCell(total), byDay: suppressBreakdown(days.map((day) => ({ key: day, count: perDay.get(day) ?? 0 })), total) };
  for (const [name, counts] of Object.entries(breakdowns)) if (name !== 'byDay') panel[name] = ordered(suppressBreakdown(counts, total));
  return panel;
}

export async function buildSummary(db: Db, range: DateRange, scope: AnalyticsScope, typeNames: (type: string) => Names | undefined): Promise<AnalyticsSummary> {
  const filter: AnalyticsFilter = { ...range, province: scope.province };
  const days = daysOf(range);
  // Side by side on PostgreSQL's pool; PGlite runs them one after another anyway.
  const [certificates, byProvince, verifications, chatbot] = await Promise.all([
    certificateBreakdowns(db, filter),
    certificatesByProvince(db, filter),
    verificationBreakdowns(db, filter),
    scope.national ? chatbotBreakdowns(db, filter) : null,
  ]);
  const names: Record<string, Names> = {};
  for (const { key } of certificates.byType ?? []) {
    const found = typeNames(key);
    if (found) names[key] = found;
  }
  return {
    from: range.from,
    to: range.to,
    province: scope.province,
    suppressionThreshold,
    certificates: publish(days, { ...certificates, byProvince }),
    verifications: publish(days, verifications),
    chatbotTopics: chatbot ? publish(days, chatbot) : null,
    typeNames: names,
  };
}
