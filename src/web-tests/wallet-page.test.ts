/**
 * /wallet and a shared link in Debian's Chromium at phone size, against the real app: a certificate
 * issued through the HIS API to the demo citizen, sign-in with the SMS code (captured), the list, the
 * PDF download, the full-screen QR, a share link opened by someone else and verified, then revoked;
 * the LINE link flow through sign-in (`next`, never off the site) and the LINE status with unlinking.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { demoCitizen, seedDemo } from '../demo/seed';
import { lineAccountLinkDialog } from '../delivery/line-link-routes';
import { subjectKeyOf } from '../delivery/otp-sign-in';
import { createAppContext, type AppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { hasTool, requireTool } from '../test-support/tools';
import { assertFitsPhone, assertNoAxeViolations, newPhoneContext, screenshotDir, serveInChromium, type ServedInChromium } from './browser';

describe('wallet page in Chromium', { skip: !hasTool('chromium') && process.env.CI !== 'true' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-wallet-web-'));
  const sent: { phone: string; code: string }[] = [];
  let database: DatabaseHandle;
  let ctx: AppContext;
  let served: ServedInChromium;
  let browser: Browser;
  let origin: string;

  before(async () => {
    database = await createTestDatabase();
    ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dir }), database, { sms: { sendOneTimeCode: async ({ phone: to, code }) => void sent.push({ phone: to, code }) } });
    const demo = await seedDemo(ctx);
    served = await serveInChromium(ctx);
    ({ browser, origin } = served);
    const { app } = served;
    const token = (await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: demo.client.id, client_secret: demo.client.secret } })).json().access_token;
    const { patient, data } = JSON.parse(fs.readFileSync(new URL('../../types/sick-leave/example.json', import.meta.url), 'utf8'));
    const issued = await app.inject({ method: 'POST', url: '/api/v1/certificates', headers: { authorization: `Bearer ${token}` }, payload: { type: 'sick-leave', data, patient: { ...patient, nationalId: demoCitizen.nationalId }, practitionerLicence: 'ว.12345' } });
    assert.equal(issued.statusCode, 201, issued.body);
  });
  after(async () => {
    await served?.close();
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('sign in → list → download → QR → share → the link opened elsewhere and verified → revoked', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const owner = await newPhoneContext(browser);
    const page = await owner.newPage();
    await page.goto(`${origin}/wallet`);
    await page.getByTestId('identify-form').waitFor();
    await page.evaluate(() => document.fonts.ready);
    await assertNoAxeViolations(page);
    await assertFitsPhone(page);
    await page.screenshot({ path: `${screenshotDir}wallet-th-sign-in.png`, fullPage: true });

    await page.getByLabel('เลขประจำตัวประชาชน 13 หลัก').fill('1-1017-00203-45-0');
    await page.getByRole('button', { name: 'ส่งรหัสทาง SMS' }).click();
    await page.getByTestId('code-form').waitFor();
    assert.match((await page.getByTestId('code-sent').textContent()) ?? '', /ถ้ามีเบอร์โทรศัพท์ของเลขประจำตัวนี้ในระบบ/);
    await page.getByLabel('รหัสจาก SMS').fill(sent.at(-1)!.code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByRole('alert').textContent(), 'รหัสไม่ถูกต้อง กรุณาลองอีกครั้ง');
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}wallet-th-code.png`, fullPage: true });
    await page.getByLabel('รหัสจาก SMS').fill(sent.at(-1)!.code);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();

    await page.getByTestId('wallet-item').waitFor();
    assert.equal(await page.getByTestId('wallet-item').count(), 1);
    await assertNoAxeViolations(page);
    await assertFitsPhone(page);
    await page.screenshot({ path: `${screenshotDir}wallet-th-list.png`, fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()]);
    const pdf = await readFile((await download.path())!);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');

    await page.getByRole('button', { name: 'แสดงคิวอาร์โค้ด' }).click();
    await page.getByTestId('qr-dialog').waitFor();
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}wallet-th-qr.png` });
    await page.getByTestId('qr-dialog').getByRole('button', { name: 'ปิด' }).click();

    await page.getByRole('button', { name: 'แชร์ลิงก์' }).click();
    await page.getByLabel('7 วัน').check();
    await page.getByRole('button', { name: 'สร้างลิงก์' }).click();
    const shareUrl = await page.getByTestId('share-url').inputValue();
    assert.match(shareUrl, new RegExp(`^${origin}/s/[A-Za-z0-9_-]{43}$`));

    const stranger = await newPhoneContext(browser);
    const other = await stranger.newPage();
    await other.goto(shareUrl);
    await other.getByTestId('shared-certificate').waitFor();
    await other.evaluate(() => document.fonts.ready);
    await other.getByTestId('verify-shared').click();
    await other.locator('[data-verdict]').waitFor();
    assert.equal(await other.locator('[data-verdict]').getAttribute('data-verdict'), 'genuine');
    await assertNoAxeViolations(other);
    await assertFitsPhone(other);
    await other.screenshot({ path: `${screenshotDir}wallet-th-shared.png`, fullPage: true });

    // The owner sees the opening (the view, and the download the verify button made).
    await page.getByRole('button', { name: 'แชร์ลิงก์' }).click();
    await page.getByRole('button', { name: 'แชร์ลิงก์' }).click();
    await page.getByTestId('opens').waitFor();
    assert.equal(await page.getByTestId('opens').locator('li').count(), 2);
    await assertNoAxeViolations(page);
    await page.getByTestId('share-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}wallet-th-share.png`, fullPage: true });

    await page.getByRole('button', { name: 'ยกเลิกลิงก์' }).click();
    await page.locator('[data-state="revoked"]').waitFor();
    await other.reload();
    await other.getByTestId('link-gone').waitFor();
    assert.equal(await other.getByTestId('link-gone').textContent(), '!เจ้าของใบรับรองยกเลิกลิงก์นี้แล้ว');
    await assertNoAxeViolations(other);
    await other.screenshot({ path: `${screenshotDir}wallet-th-link-gone.png`, fullPage: true });

    await page.locator('.lang-switch').click();
    assert.equal(await page.locator('h1').textContent(), await page.locator('nav a[aria-current="page"]').textContent());
    await page.getByRole('button', { name: 'Download PDF' }).or(page.getByRole('link', { name: 'Download PDF' })).waitFor();
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}wallet-en-list.png`, fullPage: true });
    await stranger.close();
    await owner.close();
  });

  async function signIn(page: Page) {
    await page.getByLabel('เลขประจำตัวประชาชน 13 หลัก').fill(demoCitizen.nationalId);
    await page.getByRole('button', { name: 'ส่งรหัสทาง SMS' }).click();
    await page.getByTestId('code-form').waitFor();
    await page.getByLabel('รหัสจาก SMS').fill(sent.at(-1)!.code);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
  }

  test("LINE's link sends a signed-out citizen through sign-in and on to LINE; the wallet shows the link and unlinks it", async (t) => {
    if (!requireTool(t, 'chromium')) return;
    // Requests a service worker passes on escape page.route, so this context runs without one.
    const context = await newPhoneContext(browser, { serviceWorkers: 'block' });
    const page = await context.newPage();
    const linkToken = 'lineLinkToken0123456789';
    await page.goto(`${origin}/wallet/line-link?linkToken=${linkToken}`);
    assert.equal(new URL(page.url()).searchParams.get('next'), `/wallet/line-link?linkToken=${linkToken}`);
    assert.equal(await page.getByTestId('continuing').textContent(), 'เข้าสู่ระบบเพื่อเชื่อมบัญชี LINE ต่อ');
    await page.evaluate(() => document.fonts.ready);
    await assertNoAxeViolations(page);
    await assertFitsPhone(page);
    await page.screenshot({ path: `${screenshotDir}wallet-th-line-sign-in.png`, fullPage: true });

    // LINE's account-link dialog is out of a test's reach: keep where the server sends the browser, and stop there.
    const dialogs: URL[] = [];
    await page.route(`${origin}/wallet/line-link?**`, async (route) => {
      const answer = await route.fetch({ maxRedirects: 0 });
      dialogs.push(new URL(answer.headers().location ?? '', origin));
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html lang="en"><title>LINE</title><p>LINE account link</p></html>' });
    });
    await signIn(page);
    await page.getByText('LINE account link').waitFor();
    const dialog = dialogs.at(-1)!;
    assert.equal(`${dialog.origin}${dialog.pathname}`, lineAccountLinkDialog);
    assert.equal(dialog.searchParams.get('linkToken'), linkToken);
    const nonce = dialog.searchParams.get('nonce')!;
    assert.match(nonce, /^[A-Za-z0-9_-]{43}$/);

    // What LINE's accountLink event does once the citizen agrees (its webhook is tested in line-webhook.test.ts).
    assert.equal(await ctx.lineLinks.completeLink(nonce, `U${'0123456789abcdef'.repeat(2)}`), true);
    await page.goto(`${origin}/wallet`);
    const panel = page.getByTestId('line-panel');
    await page.locator('[data-line="linked"]').waitFor();
    assert.match((await panel.textContent()) ?? '', /เชื่อมกับบัญชี LINE แล้ว เมื่อ .*25\d\d/);
    await page.evaluate(() => document.fonts.ready);
    await assertNoAxeViolations(page);
    await assertFitsPhone(page);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}wallet-th-line-linked.png`, fullPage: true });

    await panel.getByRole('button', { name: 'ยกเลิกการเชื่อมบัญชี LINE' }).click();
    await page.locator('[data-line="not-linked"]').waitFor();
    assert.match((await panel.textContent()) ?? '', /ยกเลิกการเชื่อมบัญชี LINE แล้ว/);
    assert.equal(await ctx.lineLinks.linkOf(subjectKeyOf({ nationalId: demoCitizen.nationalId })), null);
    await assertNoAxeViolations(page);
    await context.close();
  });

  test('a next that would leave the site is ignored: the citizen stays in the wallet', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const context = await newPhoneContext(browser, { serviceWorkers: 'block' });
    const elsewhere: string[] = [];
    await context.route('**://evil.example/**', (route) => {
      elsewhere.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(`${origin}/wallet?next=${encodeURIComponent('//evil.example/wallet')}`);
    await page.getByTestId('identify-form').waitFor();
    assert.equal(await page.getByTestId('continuing').count(), 0);
    await signIn(page);
    await page.getByTestId('wallet-item').waitFor();
    assert.equal(new URL(page.url()).origin, origin);
    assert.equal(new URL(page.url()).pathname, '/wallet');
    assert.deepEqual(elsewhere, []);
    await context.close();
  });

  test('the wallet is installable: manifest, icons and a service worker scoped to /wallet', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${origin}/wallet`);
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!;
      return (await fetch(link.href)).json();
    });
    assert.equal(manifest.start_url, '/wallet');
    for (const icon of manifest.icons as { src: string }[]) assert.equal((await page.request.get(`${origin}${icon.src}`)).headers()['content-type'], 'image/png');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, `${origin}/wallet`);
    await context.close();
  });
});
