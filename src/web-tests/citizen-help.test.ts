/**
 * The citizen's help on the real app in Debian's Chromium at phone size: the FAQ chat widget on
 * /verify (a Thai and an English question, the hand-over when the bot is unsure and a staff reply
 * appearing in the conversation, Escape), the personal
 * answer on /wallet for a signed-in citizen, and a complaint filed from the wallet with an attachment.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { demoCitizen, seedDemo } from '../demo/seed';
import { createAppContext, type AppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { hasTool, requireTool } from '../test-support/tools';
import { assertFitsPhone, assertNoAxeViolations, newPhoneContext, screenshotDir, serveInChromium, type ServedInChromium } from './browser';

describe('chat widget and complaints in Chromium', { skip: !hasTool('chromium') && process.env.CI !== 'true' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-citizen-help-'));
  const sent: { phone: string; code: string }[] = [];
  let database: DatabaseHandle;
  let served: ServedInChromium;
  let browser: Browser;
  let origin: string;
  let ctx: AppContext;

  before(async () => {
    database = await createTestDatabase();
    ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dir }), database, { sms: { sendOneTimeCode: async ({ phone, code }) => void sent.push({ phone, code }) } });
    const demo = await seedDemo(ctx);
    await ctx.registry.createFacility({ licenceNumber: '10110000999', kind: 'public_hospital', nameTh: 'โรงพยาบาลรัฐหมอพร้อม', nameEn: 'Mor Prom Public Hospital', province: 'TH-10', address: '1 ถนนติวานนท์', joinedAt: new Date('2026-01-15T00:00:00Z') });
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
    assert.equal(await launcher.textContent(), 'ถามแชตบอต');
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

    const handover = (await ctx.chatbot.pendingHandovers(100)).find((h) => h.messages.some((m) => m.text === 'ราคาทองคำวันนี้เท่าไร'))!;
    assert.equal((await ctx.chatbot.replyAsStaff(handover.id, 'เจ้าหน้าที่รับเรื่องแล้วค่ะ ขอเวลาตรวจสอบสักครู่', 'user:staff')).delivery, 'web');
    const staffReply = page.getByTestId('chat-staff-reply');
    await staffReply.waitFor({ timeout: 20_000 });
    assert.match(await staffReply.textContent() ?? '', /^เจ้าหน้าที่เจ้าหน้าที่รับเรื่องแล้วค่ะ/);
    assert.match(await page.getByTestId('chat-announcement').textContent() ?? '', /เจ้าหน้าที่ตอบว่า เจ้าหน้าที่รับเรื่องแล้วค่ะ/, 'the reply is announced');
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}chat-th-staff-reply.png` });

    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('chat-panel').count(), 0);
    assert.equal(await launcher.evaluate((element) => element === document.activeElement), true, 'focus returns to the button');
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');

    await page.locator('.lang-switch').click();
    await launcher.click();
    assert.equal(await page.getByLabel('Type your question').count(), 1, 'the widget follows the page language');
    assert.equal(await page.getByTestId('chat-answer').count(), 3, 'the conversation is kept while the panel is closed');
    assert.equal(await page.getByTestId('chat-staff-reply').count(), 1, 'the staff reply is shown once');
    await page.screenshot({ path: `${screenshotDir}chat-en-open.png` });

    // A reload keeps the conversation's reply token (not its messages) in the tab: the staff's replies come back.
    await page.reload();
    await page.getByTestId('chat-launcher').click();
    await page.getByTestId('chat-staff-reply').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('chat-answer').count(), 0, 'the messages themselves are not stored in the browser');
    await context.close();
  });

  async function signedInWallet(): Promise<Page> {
    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${origin}/wallet`);
    await page.evaluate(() => document.fonts.ready);
    await page.getByLabel('เลขประจำตัวประชาชน 13 หลัก').fill(demoCitizen.nationalId);
    await page.getByRole('button', { name: 'ส่งรหัสทาง SMS' }).click();
    await page.getByTestId('code-form').waitFor();
    await page.getByLabel('รหัสจาก SMS').fill(sent.at(-1)!.code);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    await page.getByTestId('wallet-item').waitFor();
    return page;
  }

  test('/wallet signed in: "where is my certificate?" is answered with the citizen\'s own certificates', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await signedInWallet();
    await page.getByTestId('chat-launcher').click();
    const answer = await ask(page, 'ใบรับรองแพทย์ของฉันอยู่ที่ไหน');
    assert.match(answer, /คุณมีใบรับรอง 1 ฉบับใน Wallet/);
    assert.match(answer, /ใบรับรองแพทย์/);
    const english = await ask(page, 'where is my certificate?');
    assert.match(english, /You have 1 certificate\(s\) in your wallet/);
    await assertNoAxeViolations(page);
    await page.screenshot({ path: `${screenshotDir}chat-th-wallet-personal.png` });

    await page.getByTestId('chat-talk-to-person').click();
    await page.getByTestId('chat-handover').waitFor();
    assert.equal(await page.getByTestId('chat-talk-to-person').count(), 0, 'no second hand-over offer once handed over');

    const anonymous = await (await newPhoneContext(browser)).newPage();
    await anonymous.goto(`${origin}/verify`);
    await anonymous.getByTestId('chat-launcher').click();
    assert.match(await ask(anonymous, 'where is my certificate?'), /Please sign in to the wallet/, 'no session, no personal answer');
    await anonymous.context().close();
    await page.context().close();
  });

  test('the wallet files a complaint with an attachment and lists it with its status and due date', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const page = await signedInWallet();
    const form = page.getByTestId('complaint-form');
    await form.scrollIntoViewIfNeeded();
    await assertNoAxeViolations(page);
    await assertFitsPhone(page);

    await form.getByRole('button', { name: 'ส่งเรื่องร้องเรียน' }).click();
    assert.equal(await form.getByRole('alert').textContent(), 'กรุณาแก้ไข 4 ช่องด้านล่าง');
    assert.equal(await page.getByLabel('ค้นหาสถานพยาบาลที่ต้องการร้องเรียน').evaluate((element) => element === document.activeElement), true, 'the first field to fix has focus');
    assert.match(await form.textContent() ?? '', /กรุณาเลือกเรื่องที่ร้องเรียน/);
    await assertNoAxeViolations(page);
    await captureComplaints(page, 'complaint-th-errors');

    await page.getByLabel('ค้นหาสถานพยาบาลที่ต้องการร้องเรียน').fill('หมอพร้อม');
    await page.getByTestId('facility-results').waitFor();
    assert.equal(await page.getByTestId('facility-results').getByRole('radio').count(), 1, 'the public hospital is not offered');
    assert.match(await form.textContent() ?? '', /ไม่แสดงโรงพยาบาลรัฐ 1 แห่ง/);
    await assertNoAxeViolations(page);
    await page.getByLabel(/คลินิกเวชกรรมหมอพร้อม/).click();
    await page.getByTestId('facility-chosen').waitFor();
    await page.getByLabel('เรื่องที่ร้องเรียน').selectOption({ label: 'เรียกเก็บค่าบริการเกินจริง' });
    await page.getByLabel('วันที่ไปรับบริการ').fill(todayInBangkok());
    await page.getByLabel('รายละเอียด', { exact: true }).fill('คลินิกเรียกเก็บค่าตรวจสองครั้งสำหรับการตรวจครั้งเดียว');
    await page.getByTestId('attachment-input').setInputFiles([
      { name: 'receipt.png', mimeType: 'image/png', buffer: onePixelPng },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not allowed') },
    ]);
    assert.match(await page.getByTestId('attachment-list').textContent() ?? '', /receipt\.png.*KB/);
    assert.equal(await page.getByTestId('attachment-list').locator('li').count(), 1, 'the text file is not attached');
    assert.match(await form.textContent() ?? '', /ไฟล์ notes\.txt ไม่ใช่ PNG, JPEG หรือ PDF/);
    await assertNoAxeViolations(page);
    await assertFitsPhone(page);
    await captureComplaints(page, 'complaint-th-form');

    await form.getByRole('button', { name: 'ส่งเรื่องร้องเรียน' }).click();
    await page.getByTestId('complaint-filed').waitFor();
    await page.getByTestId('my-complaint').waitFor();
    assert.equal(await page.getByLabel('ค้นหาสถานพยาบาลที่ต้องการร้องเรียน').inputValue(), '', 'the form starts empty again');
    const listed = page.getByTestId('my-complaint');
    assert.equal(await listed.count(), 1);
    assert.equal(await listed.getAttribute('data-status'), 'submitted');
    const text = (await listed.textContent()) ?? '';
    assert.match(text, /เรียกเก็บค่าบริการเกินจริง/);
    assert.match(text, /คลินิกเวชกรรมหมอพร้อม/);
    assert.match(text, /ได้รับเรื่องแล้ว/);
    assert.match(text, /กำหนดตอบภายใน\d{1,2} \S+ 25\d\d/);
    const update = page.getByTestId('complaint-update');
    await update.waitFor();
    assert.equal(await update.count(), 1);
    assert.equal(await update.getAttribute('data-kind'), 'complaint.submitted');
    assert.match((await update.textContent()) ?? '', /^เรื่องร้องเรียนเลขที่ [0-9A-F]{8} \(คลินิกเวชกรรมหมอพร้อม\) ได้รับเรื่องร้องเรียนแล้ว/);
    const [stored] = (await page.evaluate(async () => (await fetch('/api/v1/complaints')).json())).complaints as { id: string }[];
    const detail = await page.evaluate(async (id) => (await fetch(`/api/v1/complaints/${id}`)).json(), stored!.id);
    assert.equal(detail.attachmentCount, 1);
    assert.equal(detail.attachments[0].contentType, 'image/png');
    await assertNoAxeViolations(page);
    await assertFitsPhone(page);
    await captureComplaints(page, 'complaint-th-listed');

    await page.locator('.lang-switch').click();
    await listed.getByText('Received').waitFor();
    assert.match((await page.getByTestId('complaint-update').textContent()) ?? '', /^Complaint [0-9A-F]{8} \(Mor Prom Medical Clinic\) has been received./);
    assert.match(await listed.textContent() ?? '', /Overcharging.*Mor Prom Medical Clinic/);
    assert.match(await page.getByTestId('complaint-filed').textContent() ?? '', /^Your complaint was sent\. You will get an answer by \d{1,2} [A-Z][a-z]+ 20\d\d\.$/);
    await assertNoAxeViolations(page);
    await captureComplaints(page, 'complaint-en-listed');
    await page.context().close();
  });
});

/**
 * The complaint section alone. The chat button floats at the viewport's corner, so in a capture taller
 * than the viewport it would sit mid-form: it is hidden meanwhile (through the CSSOM, which the CSP allows).
 */
async function captureComplaints(page: Page, name: string) {
  const launcher = page.getByTestId('chat-launcher');
  await launcher.evaluate((element) => void (element.style.visibility = 'hidden'));
  await page.locator('section.complaints').screenshot({ path: `${screenshotDir}${name}.png` });
  await launcher.evaluate((element) => void (element.style.visibility = ''));
}

/** A 1×1 transparent PNG: a real image, as the server sniffs the bytes. */
const onePixelPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

function todayInBangkok(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok' }).format(new Date());
}
