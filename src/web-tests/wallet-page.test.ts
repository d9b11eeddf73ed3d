/**
 * /wallet and a shared link in Debian's Chromium at phone size, against the real app: a certificate
 * issued through the HIS API to the demo citizen, sign-in with the SMS code (captured), the list, the
 * PDF download, the full-screen QR, a share link opened by someone else and verified, then revoked.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { demoCitizen, seedDemo } from '../demo/seed';
import { buildApp } from '../server/app';
import { createAppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { hasTool, requireTool } from '../test-support/tools';
import { ensureWebBuilt } from './build-web';

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const screenshotDir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const axePath = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('wallet page in Chromium', { skip: !hasTool('chromium') && process.env.CI !== 'true' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-wallet-web-'));
  const sent: { phone: string; code: string }[] = [];
  let database: DatabaseHandle;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;

  before(async () => {
    await ensureWebBuilt();
    await mkdir(screenshotDir, { recursive: true });
    database = await createTestDatabase();
    const ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dir }), database, { sms: { sendOneTimeCode: async ({ phone: to, code }) => void sent.push({ phone: to, code }) } });
    const demo = await seedDemo(ctx);
    app = await buildApp(ctx, { logger: false });
    const token = (await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: demo.client.id, client_secret: demo.client.secret } })).json().access_token;
    const { patient, data } = JSON.parse(fs.readFileSync(new URL('../../types/sick-leave/example.json', import.meta.url), 'utf8'));
    const issued = await app.inject({ method: 'POST', url: '/api/v1/certificates', headers: { authorization: `Bearer ${token}` }, payload: { type: 'sick-leave', data, patient: { ...patient, nationalId: demoCitizen.nationalId }, practitionerLicence: 'ว.12345' } });
    assert.equal(issued.statusCode, 201, issued.body);
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
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
    assert.match((await page.getByTestId('code-sent').textContent()) ?? '', /08x-xxx-5678/);
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

async function newPhoneContext(owner: Browser) {
  const context = await owner.newContext(phone);
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
  });
  return context;
}

let axeSource: string | undefined;

async function assertNoAxeViolations(page: Page) {
  axeSource ??= await readFile(axePath, 'utf8');
  await page.evaluate(axeSource);
  assert.deepEqual(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), [], 'no content security policy violation');
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run()).violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, []);
}

async function assertFitsPhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
}
