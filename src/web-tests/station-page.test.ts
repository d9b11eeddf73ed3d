/**
 * The /station page in Debian's Chromium against the real app and API: a clinic admin asks for
 * onboarding, the platform operator approves, the admin adds a doctor by licence number, the doctor
 * redeems the invitation, enrols TOTP from the QR and signs a certificate from the form generated
 * from the type's schema, finds it in the list and revokes it. Tablet (1024×768) first, then a phone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createStationWorld, type StationWorld } from '../station/test-support';
import { hasTool, requireTool } from '../test-support/tools';
import { assertFitsPhone as assertFits, assertNoAxeViolations as assertAccessible, newWatchedContext, screenshotDir, serveInChromium, tablet, type ServedInChromium } from './browser';
import { signInToStation, signOutOfStation as signOut, type StationLogin } from './station-steps';

const phone = { width: 390, height: 844 };

describe('station page in Chromium', { skip: !hasTool('chromium') && process.env.CI !== 'true' }, () => {
  let world: StationWorld;
  let served: ServedInChromium;
  let browser: Browser;
  let origin: string;
  const logins: Record<string, StationLogin> = {};

  before(async () => {
    world = await createStationWorld();
    await world.facility('10110000777', 'active');
    const adminPractitioner = await world.practitioner('ว.11111', 'active');
    await world.practitioner('ว.22222', 'active');
    await world.practitioner('ว.33333', 'suspended');
    logins.admin = await world.user('clinic-admin', { practitionerId: adminPractitioner });
    logins.operator = await world.user('moph-operator', { operator: true });
    served = await serveInChromium(world.ctx);
    ({ browser, origin } = served);
  });
  after(async () => {
    await served?.close();
    await world?.close();
  });

  const signIn = (page: Page, name: string) => signInToStation(page, logins[name]!, (secret) => world.nextCode(secret));

  async function shot(page: Page, name: string) {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: `${screenshotDir}station-${name}.png`, fullPage: true });
  }

  test('admin onboards, operator approves, admin adds a doctor, the doctor enrols TOTP, signs, lists and revokes', async (t) => {
    if (!requireTool(t, 'chromium')) return;
    const context = await newWatchedContext(browser, tablet);
    const page = await context.newPage();
    await page.goto(`${origin}/station`);
    assert.equal(await page.getAttribute('html', 'lang'), 'th');
    assert.equal(await page.locator('h1').textContent(), 'สถานพยาบาล');
    await page.getByRole('heading', { name: 'เข้าสู่ระบบ' }).waitFor();
    await assertAccessible(page);
    await shot(page, 'th-sign-in');

    // The admin asks for onboarding; an unknown licence is refused first.
    await signIn(page, 'admin');
    await page.getByText('บัญชีนี้ยังไม่ได้ผูกกับสถานพยาบาลใด').waitFor();
    await page.getByLabel('เลขที่ใบอนุญาตสถานพยาบาล').fill('99999999999');
    await page.getByRole('button', { name: 'ส่งคำขอ' }).click();
    await page.locator('.notice--error').getByText('No facility with this licence number is in the registry.').waitFor();
    await page.getByLabel('เลขที่ใบอนุญาตสถานพยาบาล').fill('10110000777');
    await page.getByRole('button', { name: 'ส่งคำขอ' }).click();
    await page.locator('[data-onboarding="pending"]').waitFor();
    await assertAccessible(page);
    await shot(page, 'th-onboarding');
    await signOut(page);

    // The operator approves.
    await signIn(page, 'operator');
    await page.getByRole('button', { name: 'ผู้ดูแลแพลตฟอร์ม' }).click();
    await page.locator('[data-request="10110000777"]').waitFor();
    await assertAccessible(page);
    await shot(page, 'th-operator');
    await page.getByRole('button', { name: 'อนุมัติ คลินิกเวชกรรม 10110000777', exact: true }).click();
    await page.getByText('ไม่มีคำขอที่รออนุมัติ').waitFor();
    await signOut(page);

    // The admin sees the facility and its free period, and adds a doctor (an inactive licence is refused).
    await signIn(page, 'admin');
    await page.locator('[data-free-period="running"]').waitFor();
    assert.match((await page.locator('[data-free-period]').textContent()) ?? '', /ใช้งานฟรีได้ถึงวันที่ .*25\d\d/);
    await assertAccessible(page);
    await shot(page, 'th-overview');
    await page.getByRole('button', { name: 'ผู้ลงนาม', exact: true }).click();
    await page.getByLabel('เลขที่ใบอนุญาตประกอบวิชาชีพ').fill('ว.33333');
    await page.getByRole('button', { name: 'เพิ่มผู้ลงนาม' }).click();
    await page.locator('.notice--error').getByText(/licence as suspended/).waitFor();
    await page.getByLabel('เลขที่ใบอนุญาตประกอบวิชาชีพ').fill('ว.22222');
    await page.getByRole('button', { name: 'เพิ่มผู้ลงนาม' }).click();
    const code = (await page.getByTestId('invitation-code').textContent())!.trim();
    assert.match(code, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    await page.locator('[data-signer="ว.22222"] [data-account="invited"]').waitFor();
    await assertAccessible(page);
    await shot(page, 'th-signers');
    await signOut(page);

    // The doctor redeems the invitation, signs in and enrols TOTP from the QR.
    await page.getByLabel('รหัสเชิญ', { exact: true }).fill(code);
    await page.getByLabel('ตั้งชื่อผู้ใช้').fill('dr-kittipong');
    await page.getByLabel('ตั้งรหัสผ่าน (อย่างน้อย 10 ตัวอักษร)').fill('correct horse battery');
    await page.getByRole('button', { name: 'สร้างบัญชี' }).click();
    await page.getByText('สร้างบัญชีแล้ว').waitFor();
    logins.doctor = { username: 'dr-kittipong', password: 'correct horse battery' };
    await signIn(page, 'doctor');
    await page.getByRole('button', { name: 'ความปลอดภัย' }).click();
    await page.getByRole('button', { name: 'ตั้งค่าแอปยืนยันตัวตน' }).click();
    const qr = page.getByRole('img', { name: 'คิวอาร์โค้ดสำหรับตั้งค่าแอปยืนยันตัวตน' });
    await qr.waitFor();
    assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await assertAccessible(page);
    await shot(page, 'th-totp');
    await page.getByLabel('รหัสจากแอปยืนยันตัวตน (6 หลัก)').fill(world.nextCode(secret));
    await page.getByRole('button', { name: 'ยืนยัน', exact: true }).click();
    await page.getByText('ตั้งค่าแอปยืนยันตัวตนเรียบร้อย').waitFor();
    logins.doctor.totpSecret = secret;

    // The generated form: validation in Thai, then a preview, then saving and signing with TOTP.
    await page.getByRole('button', { name: 'ออกใบรับรอง', exact: true }).click();
    await page.getByLabel('ประเภทใบรับรอง').selectOption('sick-leave');
    await page.getByRole('button', { name: 'บันทึกและส่งลงนาม' }).click();
    await page.getByText('กรุณาแก้ไขข้อมูล 7 รายการ').waitFor();
    assert.equal(await page.locator('#field-diagnosis-error').textContent(), 'กรุณากรอกการวินิจฉัยโรค');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'patient-nationalId', 'focus goes to the first field to correct');
    await page.getByLabel('เลขประจำตัวประชาชน 13 หลัก').fill('1101700203451');
    await page.locator('#field-days').fill('0');
    await page.getByRole('button', { name: 'บันทึกและส่งลงนาม' }).click();
    assert.equal(await page.locator('#patient-nationalId-error').textContent(), 'เลขประจำตัวประชาชนไม่ถูกต้อง (ตรวจสอบหลักสุดท้าย)');
    assert.equal(await page.locator('#field-days-error').textContent(), 'จำนวนวันพัก (days) ต้องไม่น้อยกว่า 1');
    await assertAccessible(page);
    await shot(page, 'th-validation');

    await page.getByLabel('เลขประจำตัวประชาชน 13 หลัก').fill('1101700203450');
    await page.getByLabel('ชื่อ-นามสกุล (ภาษาไทย) (ไม่บังคับ)').fill('นางสาวน้ำฝน ตั้งใจดี');
    await page.getByLabel('ชื่อ-นามสกุล (ภาษาอังกฤษ)').fill('Ms Namfon Tangjaidee');
    await page.locator('#field-examinedOn').fill('2026-11-20');
    await page.locator('#field-diagnosis').fill('ไข้หวัดใหญ่ (Influenza A)');
    await page.locator('#field-restFrom').fill('2026-11-20');
    await page.locator('#field-restTo').fill('2026-11-22');
    await page.locator('#field-days').fill('3');
    const previewResponse = page.waitForResponse((response) => response.url().endsWith('/api/v1/station/preview'));
    await page.getByRole('button', { name: 'ดูตัวอย่าง PDF' }).click();
    const previewAnswer = await previewResponse;
    assert.equal(previewAnswer.status(), 200);
    assert.equal(previewAnswer.headers()['content-type'], 'application/pdf', 'the preview is a PDF (its bytes are checked in src/station/routes.test.ts)');
    assert.match((await page.getByTestId('preview-link').getAttribute('href')) ?? '', /^blob:/);
    await page.getByRole('button', { name: 'บันทึกและส่งลงนาม' }).click();
    await page.getByText('บันทึกแล้ว รอการลงนาม').waitFor();
    await page.getByRole('checkbox', { name: /นางสาวน้ำฝน ตั้งใจดี/ }).waitFor();
    await page.locator('#sign-totp').fill(world.nextCode(secret));
    await page.getByRole('button', { name: 'ลงนาม 1 ฉบับ' }).click();
    await page.getByText('ลงนามแล้ว 1 ฉบับ').waitFor({ timeout: 60_000 });
    await assertAccessible(page);
    await shot(page, 'th-issue');

    // Bulk issuance from a CSV file: a field with a quoted line break, and a row with a wrong ID in the error report.
    await page.getByRole('button', { name: 'อัปโหลด CSV' }).click();
    await page.getByLabel('ประเภทใบรับรอง').selectOption('sick-leave');
    const csv = [
      'patient.national_id,patient.name_en,data.examinedOn,data.diagnosis,data.restFrom,data.restTo,data.days',
      '3100600112237,Mr Bulk One,2026-11-20,"Influenza A\nwith fever",2026-11-20,2026-11-21,2',
      '1101700203451,Mr Bulk Two,2026-11-20,Common cold,2026-11-20,2026-11-20,1',
      '1101700203450,Ms Bulk Three,2026-11-21,Migraine,2026-11-21,2026-11-21,1',
    ].join('\n');
    await page.getByTestId('bulk-file').setInputFiles({ name: 'patients.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'อัปโหลด', exact: true }).click();
    await page.getByText('เสร็จแล้ว: สร้าง 2 ฉบับ (รอลงนาม) ซ้ำ 0 แถว ผิดพลาด 1 แถว').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByText('ประมวลผล 3 จาก 3 แถว').count(), 1);
    assert.match((await page.getByRole('link', { name: 'ดาวน์โหลดรายงานข้อผิดพลาด (CSV)' }).getAttribute('href')) ?? '', /^blob:/);
    await assertAccessible(page);
    await shot(page, 'th-bulk');

    // The list: search by name, then revoke with a reason.
    await page.getByRole('button', { name: 'รายการใบรับรอง' }).click();
    await page.getByLabel('ค้นหาด้วยชื่อผู้รับการตรวจหรือเลขที่เอกสาร').fill('น้ำฝน');
    await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
    const item = page.locator('[data-status="issued"]');
    await item.waitFor();
    assert.equal(await page.locator('[data-certificate]').count(), 1);
    await assertAccessible(page);
    await shot(page, 'th-certificates');
    await page.getByRole('button', { name: 'เพิกถอน นางสาวน้ำฝน ตั้งใจดี' }).click();
    await page.getByLabel('เหตุผล (อย่างน้อย 3 ตัวอักษร)').fill('ออกผิดคน');
    await page.getByRole('button', { name: 'ยืนยันการเพิกถอน' }).click();
    await page.locator('[data-status="revoked"]').waitFor();
    await assertAccessible(page);
    await assertFits(page);

    // The same page on a phone, then in English.
    await page.setViewportSize(phone);
    await assertFits(page);
    await shot(page, 'th-phone-certificates');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Station');
    await page.getByRole('button', { name: 'Issue', exact: true }).click();
    await page.getByLabel('Certificate type').waitFor();
    await assertAccessible(page);
    await assertFits(page);
    await shot(page, 'en-phone-issue');
    await context.close();
  });
});
