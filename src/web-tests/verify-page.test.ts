/**
 * The /verify page in Debian's Chromium, served by the real app from web/dist. The verify API and
 * the trust list are answered by page.route() stand-ins returning contract JSON (verify-results.ts)
 * until the verify domain is wired; the QR payloads are real MC1 COSE_Sign1 seals (mc1-fixture.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import QRCode from 'qrcode';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { createAppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { hasTool, requireTool } from '../test-support/tools';
import { assertFitsPhone, assertNoAxeViolations, chromiumArgs, newPhoneContext, screenshotDir, serveInChromium, type ServedInChromium } from './browser';
import { createSealFixture, encodeMc1, sampleClaims, trustListFor } from './mc1-fixture';
import { qrY4mVideo } from './qr-video';
import { genuine, revoked, tampered, unlicensed } from './verify-results';


const pdfs = { genuine: '%PDF-1.7 genuine', tampered: '%PDF-1.7 tampered', revoked: '%PDF-1.7 revoked', unlicensed: '%PDF-1.7 unlicensed' };
const answers: Record<string, object> = { [pdfs.genuine]: genuine, [pdfs.tampered]: tampered, [pdfs.revoked]: revoked, [pdfs.unlicensed]: unlicensed };

describe('verify page in Chromium', { skip: !hasTool('chromium') && process.env.CI !== 'true' }, () => {
  let database: DatabaseHandle;
  let served: ServedInChromium;
  let browser: Browser;
  let origin: string;
  const seal = createSealFixture();
  const trustList = trustListFor(seal);

  before(async () => {
    database = await createTestDatabase();
    served = await serveInChromium(await createAppContext(loadConfig({}), database));
    ({ browser, origin } = served);
  });
  after(async () => {
    await served?.close();
    await database?.close();
  });

  /** A fresh phone-sized page whose API calls are answered by the stand-ins; `qr` decides what /verify/qr does. */
  async function openVerify(qr: (route: Route) => Promise<void> = (route) => fulfilJson(route, genuine)): Promise<Page> {
    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    await page.route('**/trust-list.json', (route) => fulfilJson(route, trustList));
    await page.route('**/api/v1/verify', async (route) => {
      const request = route.request();
      assert.equal(request.headers()['content-type'], 'application/pdf');
      await fulfilJson(route, answers[request.postDataBuffer()?.toString() ?? ''] ?? tampered);
    });
    await page.route('**/api/v1/verify/qr', qr);
    await page.goto(`${origin}/verify`);
    await page.evaluate(() => document.fonts.ready);
    return page;
  }

  async function uploadPdf(page: Page, text: string) {
    await page.getByTestId('pdf-input').setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: Buffer.from(text) });
    await page.locator('[data-verdict], .verdict--error').waitFor();
  }

  test('opens in Thai, in Sarabun, and passes axe', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await openVerify();
    assert.equal(await page.getAttribute('html', 'lang'), 'th');
    assert.equal(await page.locator('h1').textContent(), 'ตรวจสอบใบรับรองแพทย์');
    const sarabunLoaded = await page.evaluate(() => [...document.fonts].some((face) => face.family.replaceAll('"', '') === 'Sarabun' && face.status === 'loaded'));
    assert.ok(sarabunLoaded, 'the bundled Sarabun font is loaded');
    assert.match(await page.locator('h1').evaluate((element) => getComputedStyle(element).fontFamily), /^"?Sarabun/);
    await assertNoAxeViolations(page);
    await assertFitsPhone(page);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'ข้ามไปยังเนื้อหา', 'the first Tab reaches the skip link');
    const tabStops: string[] = [];
    for (let i = 0; i < 9; i++) {
      await page.keyboard.press('Tab');
      tabStops.push(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.textContent ?? ''));
    }
    assert.ok(tabStops.includes('pdf-input') && tabStops.includes('qr-image-input'), `file inputs are reachable by keyboard: ${tabStops.join(' | ')}`);
    await page.screenshot({ path: `${screenshotDir}verify-th-start.png`, fullPage: true });
    await page.context().close();
  });

  test('a genuine PDF is shown as genuine with its certificate, facility and practitioner', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await openVerify();
    await uploadPdf(page, pdfs.genuine);
    assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'genuine');
    assert.equal(await page.locator('.verdict__title').textContent(), 'ใบรับรองถูกต้อง');
    const facts = await page.locator('.facts').first().textContent();
    for (const expected of ['คลินิกเวชกรรมสุขใจ', 'นพ.สมศักดิ์ ปิ่นทอง', 'ว.12345', genuine.document.id, '2569']) assert.ok(facts?.includes(expected), expected);
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'verdict__title', 'focus moves to the verdict');
    await assertNoAxeViolations(page);
    await assertFitsPhone(page);
    await page.screenshot({ path: `${screenshotDir}verify-th-genuine.png`, fullPage: true });
    await page.context().close();
  });

  test('a tampered PDF is rejected and says why', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await openVerify();
    await uploadPdf(page, pdfs.tampered);
    assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'not-genuine');
    assert.equal(await page.locator('.verdict__title').textContent(), 'ใบรับรองไม่ถูกต้อง');
    assert.deepEqual(await page.locator('[data-reason]').evaluateAll((items) => items.map((item) => item.getAttribute('data-reason'))), tampered.reasons);
    assert.match((await page.locator('[data-reason="signature.digest-mismatch"]').textContent()) ?? '', /เนื้อหาถูกแก้ไขหลังจากลงนาม/);
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}verify-th-tampered.png`, fullPage: true });
    await page.context().close();
  });

  test('a QR code read from a PNG picture is sent to the QR check', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const payload = await encodeMc1(sampleClaims, seal);
    let sent: unknown = null;
    const page = await openVerify(async (route) => {
      sent = route.request().postDataJSON();
      await fulfilJson(route, genuine);
    });
    await page.getByTestId('qr-image-input').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: await QRCode.toBuffer(payload, { errorCorrectionLevel: 'Q', margin: 4, scale: 6 }) });
    await page.locator('[data-verdict]').waitFor();
    assert.deepEqual(sent, { payload });
    assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'genuine');
    assert.equal(await page.locator('[data-offline]').count(), 0, 'an online answer is not labelled offline');
    await page.context().close();
  });

  test('a verify link carrying the payload in its fragment, or a QR of such a link, is checked too', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const payload = await encodeMc1(sampleClaims, seal);
    const sent: unknown[] = [];
    const page = await openVerify(async (route) => {
      sent.push(route.request().postDataJSON());
      await fulfilJson(route, genuine);
    });
    const link = `${origin}/verify#${encodeURIComponent(payload)}`;
    await page.goto(link);
    await page.locator('[data-verdict]').waitFor();
    assert.deepEqual(sent, [{ payload }]);
    assert.equal(await page.evaluate(() => location.href), `${origin}/verify`, 'the payload is removed from the address bar');
    await page.getByRole('button', { name: 'ตรวจสอบใบอื่น' }).click();
    await page.getByTestId('qr-image-input').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: await QRCode.toBuffer(link, { margin: 4, scale: 4 }) });
    await page.locator('[data-verdict]').waitFor();
    assert.deepEqual(sent, [{ payload }, { payload }]);
    await page.context().close();
  });

  test('the phone camera reads the QR code (Chromium fake camera showing an MC1 code)', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const payload = await encodeMc1(sampleClaims, seal);
    const dir = await mkdtemp(join(tmpdir(), 'medcert-camera-'));
    const video = join(dir, 'qr.y4m');
    await writeFile(video, qrY4mVideo(payload));
    const cameraBrowser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [...chromiumArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const context = await newPhoneContext(cameraBrowser);
      await context.grantPermissions(['camera'], { origin });
      const page = await context.newPage();
      let sent: unknown = null;
      await page.route('**/trust-list.json', (route) => fulfilJson(route, trustList));
      await page.route('**/api/v1/verify/qr', async (route) => {
        sent = route.request().postDataJSON();
        await fulfilJson(route, genuine);
      });
      await page.goto(`${origin}/verify`);
      await page.getByRole('button', { name: 'สแกนด้วยกล้อง' }).click();
      await page.locator('[data-verdict]').waitFor();
      assert.deepEqual(sent, { payload });
      assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'genuine');
      assert.equal(await page.locator('video').count(), 0, 'the camera is closed once the code is read');
    } finally {
      await cameraBrowser.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('offline, the QR seal is checked in the browser against the cached trust list, and it says so', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await openVerify((route) => route.abort('internetdisconnected'));
    await page.waitForFunction(() => localStorage.getItem('medcert.trust-list') !== null);
    const picture = async (text: string) => ({ name: 'qr.png', mimeType: 'image/png', buffer: await QRCode.toBuffer(text, { margin: 4, scale: 6 }) });

    await page.getByTestId('qr-image-input').setInputFiles(await picture(await encodeMc1(sampleClaims, seal)));
    await page.locator('[data-verdict]').waitFor();
    assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'genuine');
    assert.equal(await page.locator('.verdict__title').textContent(), 'ตราประทับในคิวอาร์โค้ดถูกต้อง', 'offline it claims only what it checked');
    assert.match((await page.locator('[data-offline]').textContent()) ?? '', /ออฟไลน์/);
    assert.ok((await page.locator('.facts').textContent())?.includes('คลินิกเวชกรรมสุขใจ'), 'facility named from the trust list');
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}verify-th-offline-qr.png`, fullPage: true });

    await page.getByRole('button', { name: 'ตรวจสอบใบอื่น' }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'pdf-input');
    await page.getByTestId('qr-image-input').setInputFiles(await picture(await encodeMc1(sampleClaims, createSealFixture())));
    await page.locator('[data-verdict]').waitFor();
    assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'not-genuine');
    assert.equal(await page.locator('[data-reason]').getAttribute('data-reason'), 'qr.untrusted-key');
    await page.context().close();
  });

  test('switching to English is remembered, and a revoked certificate reads as revoked', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await openVerify();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.reload();
    assert.equal(await page.locator('h1').textContent(), 'Verify a medical certificate');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await uploadPdf(page, pdfs.revoked);
    assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'revoked');
    assert.equal(await page.locator('.verdict__title').textContent(), 'Revoked');
    const facts = (await page.locator('.facts').first().textContent()) ?? '';
    for (const expected of ['Sukjai Medical Clinic', 'Revoked on', '22 November 2026', 'Issued in error', 'Physician']) assert.ok(facts.includes(expected), expected);
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}verify-en-revoked.png`, fullPage: true });
    await page.getByRole('button', { name: 'เปลี่ยนเป็นภาษาไทย' }).click();
    assert.equal(await page.getAttribute('html', 'lang'), 'th');
    await page.locator('.verdict__title', { hasText: 'ใบรับรองถูกเพิกถอนแล้ว' }).waitFor();
    await page.context().close();
  });

  test('a certificate signed while the practitioner was suspended reads as issuer not licensed', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await openVerify();
    await uploadPdf(page, pdfs.unlicensed);
    assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'unlicensed');
    assert.equal(await page.locator('.verdict__title').textContent(), 'ผู้ออกไม่ได้รับอนุญาต');
    assert.match((await page.locator('.facts').first().textContent()) ?? '', /ใบอนุญาตในวันที่ออก: ถูกพักใช้/);
    await page.context().close();
  });

  test('problems are told plainly: a non-PDF file, a problem+json answer, a QR that is not MC1', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await openVerify((route) =>
      route.fulfill({ status: 413, contentType: 'application/problem+json', body: JSON.stringify({ type: 'https://medcert.dev/problems/payload-too-large', title: 'Payload too large', status: 413, detail: 'The upload is larger than 10 MB.', instance: 'req-1234abcd' }) }),
    );
    await page.getByTestId('pdf-input').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a pdf') });
    assert.match((await page.locator('.verdict--error').textContent()) ?? '', /ไม่ใช่ PDF/);

    await page.getByTestId('qr-image-input').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: await QRCode.toBuffer('https://example.com/', { margin: 4, scale: 6 }) });
    await page.locator('.verdict--error').getByText(/ไม่ใช่ใบรับรองแพทย์ดิจิทัล/).waitFor();

    await page.getByTestId('qr-image-input').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: await QRCode.toBuffer(await encodeMc1(sampleClaims, seal), { margin: 4, scale: 6 }) });
    await page.locator('.problem-ref').waitFor();
    const notice = (await page.locator('.verdict--error').textContent()) ?? '';
    assert.match(notice, /ไฟล์ใหญ่เกินกว่าที่ระบบรับได้/);
    assert.match(notice, /The upload is larger than 10 MB\./);
    assert.match(notice, /req-1234abcd/);
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}verify-th-problem.png`, fullPage: true });
    await page.context().close();
  });

  test('the other portals render the shared frame and pass axe', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    for (const [path, heading] of [['/station', 'สถานพยาบาล'], ['/wallet', 'กระเป๋าเอกสาร'], ['/dashboard', 'แดชบอร์ด']] as const) {
      await page.goto(`${origin}${path}`);
      assert.equal(await page.locator('h1').textContent(), heading);
      assert.equal(await page.locator('nav a[aria-current="page"]').textContent(), heading);
      await assertNoAxeViolations(page);
      await assertFitsPhone(page);
    }
    await context.close();
  });
});

async function fulfilJson(route: Route, body: object) {
  await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
}
