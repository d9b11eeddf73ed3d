/** The analytics service the routes and the server use: bring the counts up to date, then read them for a caller's scope. */
import { Readable } from 'node:stream';
import type { Caller } from '../accounts/caller';
import { loadComplaintCategories } from '../complaints/categories';
import type { Db } from '../db/database';
import { rollUpCertificates } from './certificate-roll-up';
import { dateRange } from './date-range';
import { exportCsv } from './export-csv';
import { analyticsScope, selectableProvinces } from './scope';
import { buildSummary, type AnalyticsSummary, type Names } from './summary';
import type { VerificationCounter } from './verification-counter';

export interface AnalyticsDeps {
  db: Db;
  verificationCounter: VerificationCounter;
  typeNames: (type: string) => Names | undefined;
  /** The complaint categories' names; those of categories.json when not given. */
  complaintCategoryNames?: (category: string) => Names | undefined;
  now?: () => Date;
}

export interface AnalyticsQuery {
  from?: string;
  to?: string;
  province?: string;
}

export type AnalyticsService = ReturnType<typeof createAnalytics>;

export function createAnalytics(deps: AnalyticsDeps) {
  const now = deps.now ?? (() => new Date());
  const categories = deps.complaintCategoryNames ? undefined : new Map(loadComplaintCategories().map((c) => [c.id, c.names]));
  const lookups = { typeNames: deps.typeNames, complaintCategoryNames: deps.complaintCategoryNames ?? ((id: string) => categories?.get(id)) };

  /** Counts what was issued and verified since the last time; safe to run on every node at once. */
  async function refresh(): Promise<number> {
    await deps.verificationCounter.flush();
    return rollUpCertificates(deps.db);
  }

  return {
    refresh,

    async summary(caller: Caller, query: AnalyticsQuery): Promise<AnalyticsSummary> {
      const scope = analyticsScope(caller, query.province);
      const range = dateRange(query.from, query.to, now());
      await refresh();
      return buildSummary(deps.db, range, scope, lookups);
    },

    /** Checks the request before the first byte, so a bad filter is a problem+json, never half a file. */
    async exportCsv(caller: Caller, query: AnalyticsQuery): Promise<{ filename: string; body: Readable }> {
      const scope = analyticsScope(caller, query.province);
      const range = dateRange(query.from, query.to, now());
      await refresh();
      const filename = `medcert-analytics-${scope.province ?? 'TH'}-${range.from}-${range.to}.csv`;
      return { filename, body: Readable.from(exportCsv(deps.db, { ...range, province: scope.province }, scope)) };
    },

    provinces: selectableProvinces,
  };
}
