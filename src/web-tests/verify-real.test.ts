/**
 * The /verify page in Debian's Chromium against the real verify API: a certificate issued and signed
 * with the platform's own PKI is uploaded and found genuine; a copy with bytes flipped in its signed
 * content is rejected with the reason; a PDF longer than a certificate gets the page-limit problem.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { seedDemo } from '../demo/seed';
import { typstPdf } from '../pdf/pades/fixtures/sample-pdfs';
import { createAppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { hasTool, requireTool } from '../test-support/tools';
import { assertFitsPhone, assertNoAxeViolations, newPhoneContext, screenshotDir, serveInChromium, type ServedInChromium } from './browser';

describe('verify page with a real signed certificate', { skip: !hasTool('chromium') && process.env.CI !== 'true' }, () => {
  let dataDir: string;
  let database: DatabaseHandle;
  let served: ServedInChromium;
  let browser: Browser;
  let origin: string;
  let certificate: { id: string; pdf: Uint8Array };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'medcert-verify-real-'));
    database = await createTestDatabase();
    const ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dataDir }), database);
    const demo = await seedDemo(ctx);
    const { patient, data } = ctx.types.get('sick-leave').example;
    const { id } = await ctx.certificates.issuance.accept({ type: 'sick-leave', data, patient, facilityId: demo.facilityId, practitionerId: demo.practitionerId, level: 'B-T' }, { source: 'cli', actor: 'cli', signNow: true });
    certificate = { id, pdf: await ctx.certificates.queries.pdf(id, 'all') };
    served = await serveInChromium(ctx);
    ({ browser, origin } = served);
  });
  after(async () => {
    await served?.close();
    await database?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function openVerify(): Promise<Page> {
    const page = await (await newPhoneContext(browser)).newPage();
    await page.goto(`${origin}/verify`);
    await page.evaluate(() => document.fonts.ready);
    return page;
  }

  async function upload(page: Page, name: string, pdf: Uint8Array) {
    await page.getByTestId('pdf-input').setInputFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
    await page.locator('[data-verdict], .verdict--error').waitFor();
  }

  test('the signed certificate is genuine, with its id, facility and practitioner', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await openVerify();
    await upload(page, 'certificate.pdf', certificate.pdf);
    assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'genuine');
    assert.equal(await page.locator('.verdict__title').textContent(), 'ใบรับรองถูกต้อง');
    const facts = (await page.locator('.facts').first().textContent()) ?? '';
    for (const expected of [certificate.id, 'ใบรับรองแพทย์ (ลาป่วย)', 'คลินิกเวชกรรมหมอพร้อม', 'นายแพทย์สมศักดิ์ ปิ่นทอง']) assert.ok(facts.includes(expected), `${expected} in ${facts}`);
    // The practitioner's signature is followed by the seal and validation data: allowed, so no failed check.
    assert.equal(await page.locator('.check--fail').count(), 0, 'a genuine certificate shows no failed check');
    await assertNoAxeViolations(page);
    await assertFitsPhone(page);
    await page.screenshot({ path: `${screenshotDir}verify-real-genuine.png`, fullPage: true });
    await page.context().close();
  });

  test('a copy with bytes flipped in its signed content is rejected, saying the content changed', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const tampered = Buffer.from(certificate.pdf);
    const at = signedContentOffset(tampered);
    for (let i = at; i < at + 8; i++) tampered[i]! ^= 0x01;
    const page = await openVerify();
    await upload(page, 'certificate-edited.pdf', tampered);
    assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'not-genuine');
    assert.equal(await page.locator('.verdict__title').textContent(), 'ใบรับรองไม่ถูกต้อง');
    const reasons = await page.locator('[data-reason]').evaluateAll((items) => items.map((item) => item.getAttribute('data-reason')));
    assert.ok(reasons.includes('signature.digest-mismatch'), reasons.join());
    assert.match((await page.locator('[data-reason="signature.digest-mismatch"]').textContent()) ?? '', /เนื้อหาถูกแก้ไขหลังจากลงนาม/);
    await assertNoAxeViolations(page);
    await assertFitsPhone(page);
    await page.screenshot({ path: `${screenshotDir}verify-real-tampered.png`, fullPage: true });
    await page.context().close();
  });

  test('a PDF with more pages than a certificate is refused plainly, with the problem reference', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await openVerify();
    await upload(page, 'long.pdf', typstPdf(Array.from({ length: 25 }, (_, i) => `Page ${i + 1}`).join('\n#pagebreak()\n')));
    const notice = (await page.locator('.verdict--error').textContent()) ?? '';
    assert.match(notice, /จำนวนหน้ามากเกินกว่าใบรับรองแพทย์/);
    assert.match(notice, /at most 20 pages/);
    await page.locator('.problem-ref').waitFor();
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}verify-real-too-many-pages.png`, fullPage: true });
    await page.context().close();
  });
});

/** A byte in the middle of the content the first signature covers (its first ByteRange part, past the header). */
/** Inside the largest stream (the embedded font): signed bytes whose change leaves the file readable (the dictionaries sit in a compressed object stream). */
function signedContentOffset(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  let largest = { at: -1, length: 0 };
  for (const match of text.matchAll(/\/Length (\d+)[^>]*>>\s*stream\r?\n/g)) {
    const length = Number(match[1]);
    if (length > largest.length) largest = { at: match.index! + match[0].length, length };
  }
  assert.ok(largest.length > 1000, 'the certificate embeds a font');
  return largest.at + Math.floor(largest.length / 2);
}
