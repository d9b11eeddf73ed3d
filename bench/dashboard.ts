/**
 * `npm run bench -- dashboard [--n N] [--days D]`: seeds the analytics tables with a year of 77
 * provinces × 10 types × 6 facility kinds (about 10 million certificates) in in-memory PGlite (or a
 * scratch database on DATABASE_URL), then measures every query the dashboard makes, for the whole
 * country and for one province, and the whole summary as the API builds it. Target: p99 < 200 ms.
 */
import type { Caller } from '../src/accounts/caller';
import { createAnalytics } from '../src/analytics/service';
import { seedAggregates } from '../src/analytics/fixtures/seed-aggregates';
import { certificateBreakdowns, certificatesByProvince, chatbotBreakdowns, verificationBreakdowns, type AnalyticsFilter } from '../src/analytics/queries';
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
  const { values } = parseOptions(args, { n: { type: 'string', default: '100' }, days: { type: 'string', default: '365' }, concurrency: { type: 'string', default: '1' } });
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
  await database.executeSql('analyze');
  console.error(`seeded ${certificates} certificates in ${seedSeconds} s`);

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
  ];
  const analytics = createAnalytics({ db, verificationCounter: createVerificationCounter({ db }), typeNames: () => undefined, now: () => to });
  const caller = (platformRole: Caller['platformRole'], province: string | null): Caller => ({ kind: 'user', id: 'bench', actor: 'user:bench', platformRole, practitionerId: null, citizenSubjectKey: null, province, facilities: [], scopes: [], via: 'session' });
  cases.push(
    ['summary-national', () => analytics.summary(caller('platform_operator', null), range)],
    ['summary-province', () => analytics.summary(caller('provincial_officer', 'TH-50'), range)],
  );
  for (const [name, fn] of cases) await measure({ bench: 'dashboard', name, iterations, warmupIterations: 5 }, fn);
  await database.close();
}

async function openScratchDatabase(): Promise<DatabaseHandle> {
  if (!process.env.DATABASE_URL) return openDatabase({ memory: true });
  process.env.MEDCERT_TEST_DATABASE_URL = process.env.DATABASE_URL;
  return createTestDatabase();
}
