/**
 * The /dashboard page in Debian's Chromium against the real app and API: signing in through the
 * session login, the last 30 days of seeded aggregates and complaints as charts, small cells as
 * "<10", the province filter, English, and a provincial officer held to their province on a phone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { deriveAccountKeys } from '../accounts/account-keys';
import { createAccounts } from '../accounts/accounts';
import { seedAggregates } from '../analytics/fixtures/seed-aggregates';
import { seedComplaints } from '../analytics/fixtures/seed-complaints';
import { addFacility, addPractitioner, issueCertificates } from '../analytics/test-support';
import { dayInThailand } from '../chatbot/topic-counts';
import { loadComplaintCategories } from '../complaints/categories';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { createAppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { hasTool, requireTool } from '../test-support/tools';
import { assertNoAxeViolations, screenshotDir, serveInChromium, type ServedInChromium } from './browser';

const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
const phone: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('dashboard page in Chromium', { skip: !hasTool('chromium') && process.env.CI !== 'true' }, () => {
  let database: DatabaseHandle;
  let served: ServedInChromium;
  let browser: Browser;
  let origin: string;

  before(async () => {
    database = await createTestDatabase();
    const base = await createAppContext({ ...loadConfig({}), kek: 'test-kek' }, database);
    const accounts = createAccounts({ db: database.db, audit: base.audit, keys: deriveAccountKeys('test-kek'), scrypt: { N: 1024, r: 8, p: 1 } });
    await accounts.createUser({ username: 'operator', password: 'operator password', platformRole: 'platform_operator' });
    await accounts.createUser({ username: 'officer.cm', password: 'officer password', platformRole: 'provincial_officer', province: 'TH-50' });
    const today = Date.parse(`${dayInThailand(new Date())}T00:00:00Z`);
    const from = new Date(today - 29 * 86_400_000).toISOString().slice(0, 10);
    const provinces = ['TH-10', 'TH-50', 'TH-40', 'TH-83', 'TH-90', 'TH-30', 'TH-20', 'TH-65', 'TH-34', 'TH-57', 'TH-12', 'TH-58'];
    await seedAggregates(database.db, {
      from,
      days: 30,
      provinces,
      types: ['sick-leave', 'medical-checkup', 'driving-licence-medical', 'foreign-worker-checkup', 'rt-pcr-test'],
      facilityKinds: ['public_hospital', 'private_hospital', 'medical_clinic', 'pharmacy'],
      maxCount: 9,
      topics: ['verification', 'my-certificates', 'sharing', 'vaccination', 'complaints', 'unrecognised'],
    });
    // 60 complaints a day, old ones closed and recent ones open, so some categories and statuses fall under 10.
    await seedComplaints(database.db, { from, days: 30, perDay: 60, provinces, categories: loadComplaintCategories().map((c) => c.id), facilitiesPerProvince: 3 });
    // A rare type, issued for real a moment ago: three certificates, rolled up when the dashboard reads.
    const facilityId = await addFacility(database.db, 'TH-58', 'public_hospital');
    await issueCertificates(database.db, { facilityId, practitionerId: await addPractitioner(database.db), type: 'covid-home-isolation', issuedAt: new Date(), count: 3 });
    served = await serveInChromium({ ...base, accounts });
    ({ browser, origin } = served);
  });
  after(async () => {
    await served?.close();
    await database?.close();
  });

  async function signedIn(options: BrowserContextOptions, username: string, password: string): Promise<Page> {
    const context = await browser.newContext(options);
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
    });
    const page = await context.newPage();
    await page.goto(`${origin}/dashboard`);
    await page.getByTestId('login-username').waitFor();
    await page.evaluate(() => document.fonts.ready);
    await assertNoAxeViolations(page);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('total-certificates').waitFor();
    return page;
  }

  async function apiSummary(page: Page, query: string) {
    return page.evaluate(async (q) => (await fetch(`/api/v1/analytics/summary?${q}`)).json(), query);
  }

  test('an operator signs in and sees the whole country as charts, small cells as "<10", axe-clean', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await signedIn(desktop, 'operator', 'operator password');
    assert.equal(await page.getAttribute('html', 'lang'), 'th');
    assert.equal(await page.locator('h1').textContent(), 'แดชบอร์ด');
    const from = await page.getByTestId('filter-from').inputValue();
    const to = await page.getByTestId('filter-to').inputValue();
    const summary = await apiSummary(page, `from=${from}&to=${to}`);
    assert.equal(await page.getByTestId('total-certificates').textContent(), new Intl.NumberFormat('th-TH').format(summary.certificates.total));
    assert.equal(await page.locator('[data-testid="chart-certificates-days"] rect.chart__bar').count(), 30);
    const values = await page.locator('.bars__value').allTextContents();
    assert.ok(values.includes('<10'), 'small cells read "<10"');
    assert.match((await page.getByTestId('chart-certificates-types').textContent()) ?? '', /กักตัวที่บ้าน.*<10/);
    for (const value of values) assert.ok(value === '<10' || value === 'ปกปิด' || Number(value.replaceAll(',', '')) >= 10, `no small number is shown: ${value}`);
    assert.match((await page.getByTestId('chart-certificates-provinces').textContent()) ?? '', /กรุงเทพมหานคร|เชียงใหม่/);
    assert.equal(await page.getByTestId('total-complaints').textContent(), new Intl.NumberFormat('th-TH').format(summary.complaints.total));
    assert.equal(await page.locator('[data-testid="chart-complaints-days"] rect.chart__bar').count(), 30);
    assert.match((await page.getByTestId('chart-complaints-categories').textContent()) ?? '', /เรียกเก็บค่าบริการเกินจริง/);
    const statuses = await page.locator('[data-testid="chart-complaints-statuses"] .bars__label').allTextContents();
    assert.deepEqual(statuses, ['รอรับเรื่อง', 'รับเรื่องแล้ว', 'กำลังตรวจสอบ', 'แก้ไขแล้ว', 'ยุติเรื่อง'], 'statuses in the order a complaint moves');
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}dashboard-th-national.png`, fullPage: true });
    await page.locator('section[aria-labelledby="complaints-heading"]').screenshot({ path: `${screenshotDir}dashboard-th-complaints.png` });

    const csv = await page.evaluate(async (href) => (await fetch(href)).text(), (await page.getByTestId('download-csv').getAttribute('href'))!);
    assert.ok(csv.startsWith('dataset,day,province,type,facility_kind,channel,outcome,topic,language,category,status,count\r\n'));
    assert.ok(csv.split('\r\n').slice(1, -1).every((line) => /,(<10|\d{2,})$/.test(line)), 'every exported count is "<10" or 10 and more');
    assert.ok(csv.includes('\r\ncomplaints,'), 'complaints are exported');
    await page.context().close();
  });

  test('in English, filtered to one province', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await signedIn(desktop, 'operator', 'operator password');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByTestId('filter-province').selectOption('TH-50');
    await page.getByTestId('filter-apply').click();
    await page.getByText('Figures for Chiang Mai only').waitFor();
    // A province's complaints are under 10 every day: the day chart says so instead of drawing an empty frame.
    await page.getByTestId('chart-complaints-days').getByText('Every day had fewer than 10').waitFor();
    assert.equal(await page.locator('[data-testid="chart-certificates-provinces"]').count(), 0, 'no province breakdown inside one province');
    assert.equal(await page.getByTestId('total-certificates').textContent(), new Intl.NumberFormat('en-GB').format((await apiSummary(page, `from=${await page.getByTestId('filter-from').inputValue()}&to=${await page.getByTestId('filter-to').inputValue()}&province=TH-50`)).certificates.total));
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}dashboard-en-province.png`, fullPage: true });
    await page.context().close();
  });

  test('a provincial officer on a phone sees only their province and no national-only panel', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await signedIn(phone, 'officer.cm', 'officer password');
    assert.deepEqual(await page.getByTestId('filter-province').locator('option').allTextContents(), ['เชียงใหม่']);
    await page.getByText('ข้อมูลของจังหวัดเชียงใหม่เท่านั้น', { exact: false }).waitFor();
    assert.equal(await page.getByTestId('total-chatbot').count(), 0);
    const own = await apiSummary(page, `from=${await page.getByTestId('filter-from').inputValue()}&to=${await page.getByTestId('filter-to').inputValue()}`);
    assert.equal(own.province, 'TH-50');
    assert.equal(await page.getByTestId('total-complaints').textContent(), new Intl.NumberFormat('th-TH').format(own.complaints.total));
    const forced = await page.evaluate(async () => (await fetch('/api/v1/analytics/summary?province=TH-10')).status);
    assert.equal(forced, 403);
    await assertNoAxeViolations(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await page.screenshot({ path: `${screenshotDir}dashboard-th-officer-phone.png`, fullPage: true });
    await page.context().close();
  });
});
