/** The dashboard's answer: every panel's breakdowns for a range and scope, with small cells suppressed before they leave. */
import type { Db } from '../db/database';
import { daysOf, type DateRange } from './date-range';
import { certificateBreakdowns, certificatesByProvince, chatbotBreakdowns, complaintBreakdowns, verificationBreakdowns, type AnalyticsFilter } from './queries';
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
  /** Complaints against private facilities filed in the range, by day, category and status (where each stands now). */
  complaints: PublishedPanel;
  /** Null for provincial officers: the chatbot's counts are national only. */
  chatbotTopics: PublishedPanel | null;
  /** Thai and English names of the certificate types that appear. */
  typeNames: Record<string, Names>;
  /** Thai and English names of the complaint categories that appear. */
  complaintCategoryNames: Record<string, Names>;
}

export interface NameLookups {
  typeNames: (type: string) => Names | undefined;
  complaintCategoryNames: (category: string) => Names | undefined;
}

/** The names of the keys that appear, for those the lookup knows. */
function namesOf(counts: readonly Count[] | undefined, lookup: (key: string) => Names | undefined): Record<string, Names> {
  const names: Record<string, Names> = {};
  for (const { key } of counts ?? []) {
    const found = lookup(key);
    if (found) names[key] = found;
  }
  return names;
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

export async function buildSummary(db: Db, range: DateRange, scope: AnalyticsScope, lookups: NameLookups): Promise<AnalyticsSummary> {
  const filter: AnalyticsFilter = { ...range, province: scope.province };
  const days = daysOf(range);
  // Side by side on PostgreSQL's pool; PGlite runs them one after another anyway.
  const [certificates, byProvince, verifications, complaints, chatbot] = await Promise.all([
    certificateBreakdowns(db, filter),
    certificatesByProvince(db, filter),
    verificationBreakdowns(db, filter),
    complaintBreakdowns(db, filter),
    scope.national ? chatbotBreakdowns(db, filter) : null,
  ]);
  return {
    from: range.from,
    to: range.to,
    province: scope.province,
    suppressionThreshold,
    certificates: publish(days, { ...certificates, byProvince }),
    verifications: publish(days, verifications),
    complaints: publish(days, complaints),
    chatbotTopics: chatbot ? publish(days, chatbot) : null,
    typeNames: namesOf(certificates.byType, lookups.typeNames),
    complaintCategoryNames: namesOf(complaints.byCategory, lookups.complaintCategoryNames),
  };
}
