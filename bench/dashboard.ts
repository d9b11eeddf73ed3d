/**
 * `npm run bench -- dashboard [--n N] [--days D] [--complaints-per-day C]`: seeds the analytics tables
 * with a year of 77 provinces × 10 types × 6 facility kinds (about 10 million certificates) and the
 * complaints table with a year of rows (up to 1,000 a day by default, about 280,000; counted as the trigger would have) in
 * in-memory PGlite (or a scratch database on DATABASE_URL), then measures every query the dashboard
 * makes, for the whole country and for one province, the whole summary as the API builds it, a
 * complaint filed with its counts, and the CSV export of the year. Target: p99 < 200 ms.
 */
import type { Caller } from '../src/accounts/caller';
import { createAnalytics } from '../src/analytics/service';
import { seedAggregates } from '../src/analytics/fixtures/seed-aggregates';
import { randomUUID } from 'node:crypto';
import { seedComplaints } from '../src/analytics/fixtures/seed-complaints';
import { exportCsv } from '../src/analytics/export-csv';
import { certificateBreakdowns, certificatesByProvince, chatbotBreakdowns, complaintBreakdowns, verificationBreakdowns, type AnalyticsFilter } from '../src/analytics/queries';
import { loadComplaintCategories } from '../src/complaints/categories';
import { createVerificationCounter } from '../src/analytics/verification-counter';
import { parseOptions } from '../src/cli/options';
import { openDatabase, type DatabaseHandle } from '../src/db/database';
import { provinceCodes } from '../src/registry/provinces';
import { facilityKinds } from '../src/registry/tables';
import { createTestDatabase } from '../src/test-support/database';
import { measure } from './measure';

const types = ['sick-leave', 'medical-checkup', 'driving-licence-medical', 'foreign-worker-checkup', 'doctor-opinion', 'lab-result', 'atk-test', 'rt-pcr-test', 'covid-infection', 'covid-home-isolation'];
const topics = ['how-to-verify', 'download-pdf', 'share-link', 'lost-certificate', 'complaint', 'line-link', 'revoked', 'fees', 'privacy', 'opening-hours'];

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { n: { type: 'string', default: '100' }, days: { type: 'string', default: '365' }, 'complaints-per-day': { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '1' } });
  const iterations = Number(values.n);
  const days = Number(values.days);
  const database = await openScratchDatabase();
  const provinces = [...provinceCodes].filter((code) => code !== 'TH-S');
  const to = new Date(Date.UTC(2026, 10, 30));
  const from = new Date(to.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const range = { from, to: to.toISOString().slice(0, 10) };

  const seedStarted = performance.now();
  const { certificates } = await seedAggregates(database.db, { ...range, days, provinces, types, facilityKinds, topics });
  const seedSeconds = Number(((performance.now() - seedStarted) / 1000).toFixed(1));
  const complaintsStarted = performance.now();
  const categories = loadComplaintCategories().map((c) => c.id);
  const { complaints } = await seedComplaints(database.db, { from, days, perDay: Number(values['complaints-per-day']), provinces, categories });
  const complaintSeconds = Number(((performance.now() - complaintsStarted) / 1000).toFixed(1));
  await database.executeSql('analyze');
  console.error(`seeded ${certificates} certificates in ${seedSeconds} s, ${complaints} complaints (rows, then counted) in ${complaintSeconds} s`);

  const national: AnalyticsFilter = { ...range, province: null };
  const chiangMai: AnalyticsFilter = { ...range, province: 'TH-50' };
  const db = database.db;
  const cases: [string, () => Promise<unknown>][] = [
    ['certificate-breakdowns-national', () => certificateBreakdowns(db, national)],
    ['certificate-breakdowns-province', () => certificateBreakdowns(db, chiangMai)],
    ['certificates-by-province-national', () => certificatesByProvince(db, national)],
    ['certificates-by-province-province', () => certificatesByProvince(db, chiangMai)],
    ['verification-breakdowns-national', () => verificationBreakdowns(db, national)],
    ['verification-breakdowns-province', () => verificationBreakdowns(db, chiangMai)],
    ['chatbot-breakdowns-national', () => chatbotBreakdowns(db, national)],
    ['complaint-breakdowns-national', () => complaintBreakdowns(db, national)],
    ['complaint-breakdowns-province', () => complaintBreakdowns(db, chiangMai)],
  ];
  const analytics = createAnalytics({ db, verificationCounter: createVerificationCounter({ db }), typeNames: () => undefined, now: () => to });
  const caller = (platformRole: Caller['platformRole'], province: string | null): Caller => ({ kind: 'user', id: 'bench', actor: 'user:bench', platformRole, practitionerId: null, citizenSubjectKey: null, province, facilities: [], scopes: [], via: 'session' });
  cases.push(
    ['summary-national', () => analytics.summary(caller('platform_operator', null), range)],
    ['summary-province', () => analytics.summary(caller('provincial_officer', 'TH-50'), range)],
  );
  // What the counting trigger adds to a filing: one complaint row, its cube cell and six marginals.
  const [facility] = (await database.executeSql(`select id, kind, province from facilities where licence_number like 'SEED-TH-50-%' limit 1`)).rows as { id: string; kind: string; province: string }[];
  cases.push([
    'complaint-filed-with-counts',
    () =>
      db
        .insertInto('complaints')
        .values({ id: randomUUID(), citizen_subject_key: 'bench', facility_id: facility!.id, facility_kind: facility!.kind as 'pharmacy', province: facility!.province, category: categories[0]!, description: 'bench', visit_date: range.to, status: 'submitted', assigned_officer_id: null, submitted_at: to, submitted_day: range.to, triaged_at: null, closed_at: null, due_at: to })
        .execute(),
  ]);
  for (const [name, fn] of cases) await measure({ bench: 'dashboard', name, iterations, warmupIterations: 5 }, fn);

  // One whole export of the year for the whole country: streamed, so only its time and size matter.
  const exportStarted = performance.now();
  let lines = 0;
  let bytes = 0;
  for await (const chunk of exportCsv(db, national, { province: null, national: true })) {
    lines += chunk.split('\r\n').length - 1;
    bytes += Buffer.byteLength(chunk);
  }
  const exportMs = performance.now() - exportStarted;
  console.log(JSON.stringify({ bench: 'dashboard', case: 'export-csv-national-year', n: 1, concurrency: 1, opsPerSec: Number((1000 / exportMs).toFixed(3)), p50Ms: Math.round(exportMs), p99Ms: Math.round(exportMs), lines, megabytes: Number((bytes / 1e6).toFixed(1)) }));
  await database.close();
}

async function openScratchDatabase(): Promise<DatabaseHandle> {
  if (!process.env.DATABASE_URL) return openDatabase({ memory: true });
  process.env.MEDCERT_TEST_DATABASE_URL = process.env.DATABASE_URL;
  return createTestDatabase();
}
