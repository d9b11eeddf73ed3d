/**
 * The whole citizen path in Debian's Chromium against the real app: a clinic admin onboards the
 * facility on /station, the platform operator approves, the admin adds a doctor, the doctor enrols
 * TOTP and signs a certificate for a patient whose phone is on file; the citizen signs in to /wallet
 * with the SMS code, downloads the signed PDF and shares a link; a verifier opens the link in another
 * browser, checks it there and on /verify, an insurer checks it through the verify API with its key;
 * the wallet then shows the link's openings and who verified the certificate.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { rememberContactPhone } from '../delivery/citizen-contacts';
import { subjectKeyOf } from '../delivery/otp-sign-in';
import { pdfsig } from '../pdf/pades/fixtures/independent-tools';
import { createStationWorld, type StationWorld } from '../station/test-support';
import { certificatePem } from '../test-support/pki';
import { hasTool, requireTool } from '../test-support/tools';
import { assertFitsPhone, assertNoAxeViolations, newPhoneContext, newWatchedContext, screenshotDir, serveInChromium, tablet, type ServedInChromium } from './browser';
import { signInToStation, signOutOfStation, type StationLogin } from './station-steps';

const facilityLicence = '10110000888';
const citizen = { nationalId: '1101700203450', phone: '+66812345678', nameTh: 'นางสาวน้ำฝน ตั้งใจดี', nameEn: 'Ms Namfon Tangjaidee' };
const insurer = { name: 'บริษัท ประกันสุขภาพดี จำกัด', username: 'insurer-claims', password: 'insurer claims password' };
const dayMs = 24 * 60 * 60 * 1000;

describe('the whole citizen path in Chromium', { skip: !hasTool('chromium') && process.env.CI !== 'true' }, () => {
  const sent: { phone: string; code: string }[] = [];
  const logins: Record<string, StationLogin> = {};
  let world: StationWorld;
  let served: ServedInChromium;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;

  before(async () => {
    world = await createStationWorld({ sms: { sendOneTimeCode: async ({ phone, code }) => void sent.push({ phone, code }) } });
    await world.facility(facilityLicence, 'active');
    const adminPractitioner = await world.practitioner('ว.11111', 'active');
    await world.practitioner('ว.22222', 'active');
    logins.admin = await world.user('clinic-admin', { practitionerId: adminPractitioner });
    logins.operator = await world.user('moph-operator', { operator: true });
    // The patient's phone is on file from an earlier visit (an HIS sends it with the certificates it issues).
    await rememberContactPhone(world.database.db, subjectKeyOf({ nationalId: citizen.nationalId }), citizen.phone);
    served = await serveInChromium(world.ctx);
    ({ app, browser, origin } = served);
  });
  after(async () => {
    await served?.close();
    await world?.close();
  });

  const signIn = (page: Page, name: string) => signInToStation(page, logins[name]!, (secret) => world.nextCode(secret));

  async function check(page: Page, name: string, options: { phone?: boolean } = { phone: true }) {
    await page.evaluate(() => document.fonts.ready);
    await assertNoAxeViolations(page);
    if (options.phone) await assertFitsPhone(page);
    await page.screenshot({ path: `${screenshotDir}path-${name}.png`, fullPage: true });
  }

  /** An insurer registers, the operator approves it, it makes an API key (all through the API). */
  async function insurerApiKey(): Promise<{ organisationId: string; key: string }> {
    const registered = await app.inject({ method: 'POST', url: '/api/v1/verifier/organisations', payload: { name: insurer.name, kind: 'insurer', contactEmail: 'claims@example.co.th', username: insurer.username, password: insurer.password } });
    assert.equal(registered.statusCode, 201, registered.body);
    const { id, totp } = registered.json();
    const operator = await apiSession(logins.operator!);
    const approved = await app.inject({ method: 'POST', url: `/api/v1/verifier/organisations/${id}/approve`, headers: operator });
    assert.equal(approved.statusCode, 200, approved.body);
    const key = await app.inject({ method: 'POST', url: '/api/v1/verifier/keys', headers: await apiSession({ username: insurer.username, password: insurer.password, totpSecret: totp.secret }), payload: { label: 'claims' } });
    assert.equal(key.statusCode, 201, key.body);
    return { organisationId: id, key: key.json().key };
  }

  async function apiSession(login: StationLogin): Promise<Record<string, string>> {
    const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: login.username, password: login.password, totp: world.nextCode(login.totpSecret!) } });
    assert.equal(response.statusCode, 200, response.body);
    const jar = Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
    return { cookie: `medcert_session=${jar.medcert_session}; medcert_csrf=${jar.medcert_csrf}`, 'x-csrf-token': response.json().csrfToken };
  }

  test('onboard → approve → add a doctor → TOTP → sign → wallet → signed PDF → share → verified elsewhere → the wallet sees it', async (t) => {
    if (!requireTool(t, 'chromium')) return;

    // The Station on a tablet: the admin asks for onboarding, the operator approves.
    const station = await newWatchedContext(browser, tablet);
    const desk = await station.newPage();
    await desk.goto(`${origin}/station`);
    await desk.getByRole('heading', { name: 'เข้าสู่ระบบ' }).waitFor();
    await check(desk, 'station-sign-in', { phone: false });
    await signIn(desk, 'admin');
    await desk.getByLabel('เลขที่ใบอนุญาตสถานพยาบาล').fill(facilityLicence);
    await desk.getByRole('button', { name: 'ส่งคำขอ' }).click();
    await desk.locator('[data-onboarding="pending"]').waitFor();
    await check(desk, 'station-onboarding', { phone: false });
    await signOutOfStation(desk);
    await signIn(desk, 'operator');
    await desk.getByRole('button', { name: 'ผู้ดูแลแพลตฟอร์ม' }).click();
    await desk.getByRole('button', { name: `อนุมัติ คลินิกเวชกรรม ${facilityLicence}`, exact: true }).click();
    await desk.getByText('ไม่มีคำขอที่รออนุมัติ').waitFor();
    await signOutOfStation(desk);

    // The admin adds a doctor, who redeems the invitation and enrols TOTP.
    await signIn(desk, 'admin');
    await desk.locator('[data-free-period="running"]').waitFor();
    await desk.getByRole('button', { name: 'ผู้ลงนาม', exact: true }).click();
    await desk.getByLabel('เลขที่ใบอนุญาตประกอบวิชาชีพ').fill('ว.22222');
    await desk.getByRole('button', { name: 'เพิ่มผู้ลงนาม' }).click();
    const invitation = (await desk.getByTestId('invitation-code').textContent())!.trim();
    await check(desk, 'station-signers', { phone: false });
    await signOutOfStation(desk);
    await desk.getByLabel('รหัสเชิญ', { exact: true }).fill(invitation);
    await desk.getByLabel('ตั้งชื่อผู้ใช้').fill('dr-somchai');
    await desk.getByLabel('ตั้งรหัสผ่าน (อย่างน้อย 10 ตัวอักษร)').fill('correct horse battery');
    await desk.getByRole('button', { name: 'สร้างบัญชี' }).click();
    await desk.getByText('สร้างบัญชีแล้ว').waitFor();
    logins.doctor = { username: 'dr-somchai', password: 'correct horse battery' };
    await signIn(desk, 'doctor');
    await desk.getByRole('button', { name: 'ความปลอดภัย' }).click();
    await desk.getByRole('button', { name: 'ตั้งค่าแอปยืนยันตัวตน' }).click();
    const secret = (await desk.getByTestId('totp-secret').textContent())!.trim();
    await check(desk, 'station-totp', { phone: false });
    await desk.getByLabel('รหัสจากแอปยืนยันตัวตน (6 หลัก)').fill(world.nextCode(secret));
    await desk.getByRole('button', { name: 'ยืนยัน', exact: true }).click();
    await desk.getByText('ตั้งค่าแอปยืนยันตัวตนเรียบร้อย').waitFor();

    // The doctor fills the sick-leave form and signs it with a TOTP code.
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * dayMs).toISOString().slice(0, 10);
    await desk.getByRole('button', { name: 'ออกใบรับรอง', exact: true }).click();
    await desk.getByLabel('ประเภทใบรับรอง').selectOption('sick-leave');
    await desk.getByLabel('เลขประจำตัวประชาชน 13 หลัก').fill(citizen.nationalId);
    await desk.getByLabel('ชื่อ-นามสกุล (ภาษาไทย) (ไม่บังคับ)').fill(citizen.nameTh);
    await desk.getByLabel('ชื่อ-นามสกุล (ภาษาอังกฤษ)').fill(citizen.nameEn);
    await desk.locator('#field-examinedOn').fill(day(2));
    await desk.locator('#field-diagnosis').fill('ไข้หวัดใหญ่ (Influenza A)');
    await desk.locator('#field-restFrom').fill(day(2));
    await desk.locator('#field-restTo').fill(day(0));
    await desk.locator('#field-days').fill('3');
    await desk.getByRole('button', { name: 'บันทึกและส่งลงนาม' }).click();
    await desk.getByText('บันทึกแล้ว รอการลงนาม').waitFor();
    await desk.locator('#sign-totp').fill(world.nextCode(secret));
    await desk.getByRole('button', { name: 'ลงนาม 1 ฉบับ' }).click();
    await desk.getByText('ลงนามแล้ว 1 ฉบับ').waitFor({ timeout: 60_000 });
    await check(desk, 'station-signed', { phone: false });
    await desk.getByRole('button', { name: 'รายการใบรับรอง' }).click();
    await desk.locator('[data-status="issued"]').waitFor();
    await desk.setViewportSize({ width: 390, height: 844 });
    await check(desk, 'station-phone-certificates');
    await station.close();

    // The citizen signs in to the wallet on the phone with the code sent to the phone on file.
    const owner = await newPhoneContext(browser);
    const wallet = await owner.newPage();
    await wallet.goto(`${origin}/wallet`);
    await wallet.getByLabel('เลขประจำตัวประชาชน 13 หลัก').fill(citizen.nationalId);
    await wallet.getByRole('button', { name: 'ส่งรหัสทาง SMS' }).click();
    await wallet.getByTestId('code-form').waitFor();
    assert.equal(sent.at(-1)!.phone, citizen.phone);
    await check(wallet, 'wallet-code');
    await wallet.getByLabel('รหัสจาก SMS').fill(sent.at(-1)!.code);
    await wallet.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    const item = wallet.getByTestId('wallet-item');
    await item.waitFor();
    assert.equal(await item.count(), 1);
    assert.match((await item.textContent()) ?? '', new RegExp(`คลินิกเวชกรรม ${facilityLicence}`));
    await wallet.locator('[data-line="not-linked"]').waitFor();
    await check(wallet, 'wallet-list');

    // The PDF is the signed certificate: poppler's pdfsig finds every signature valid.
    const [download] = await Promise.all([wallet.waitForEvent('download'), wallet.getByTestId('download-pdf').click()]);
    const pdf = await readFile((await download.path())!);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    if (hasTool('pdfsig') && hasTool('certutil')) {
      const signatures = await pdfsig(pdf, certificatePem((await world.ctx.pki.trustAnchors())[0]!));
      assert.ok(signatures.length >= 1, 'the PDF carries a signature');
      for (const signature of signatures) assert.equal(signature.valid, true, 'pdfsig: Signature is Valid');
      assert.equal(signatures[0]!.type, 'ETSI.CAdES.detached');
    }

    await wallet.getByRole('button', { name: 'แชร์ลิงก์' }).click();
    await wallet.getByLabel('7 วัน').check();
    await wallet.getByRole('button', { name: 'สร้างลิงก์' }).click();
    const shareUrl = await wallet.getByTestId('share-url').inputValue();
    assert.match(shareUrl, new RegExp(`^${origin}/s/[A-Za-z0-9_-]{43}$`));
    await check(wallet, 'wallet-share');

    // A verifier opens the link in a browser of their own and checks it there, then on /verify with the PDF.
    const verifier = await newPhoneContext(browser);
    const shared = await verifier.newPage();
    await shared.goto(shareUrl);
    await shared.getByTestId('shared-certificate').waitFor();
    await shared.getByTestId('verify-shared').click();
    await shared.locator('[data-verdict]').waitFor();
    assert.equal(await shared.locator('[data-verdict]').getAttribute('data-verdict'), 'genuine');
    await check(shared, 'shared-verified');
    const [sharedDownload] = await Promise.all([shared.waitForEvent('download'), shared.getByTestId('shared-pdf').click()]);
    const sharedPdf = await readFile((await sharedDownload.path())!);
    assert.deepEqual(sharedPdf, pdf, 'the link gives the very PDF the citizen holds');
    await shared.goto(`${origin}/verify`);
    await shared.getByTestId('pdf-input').setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: sharedPdf });
    await shared.locator('[data-verdict]').waitFor();
    assert.equal(await shared.locator('[data-verdict]').getAttribute('data-verdict'), 'genuine');
    await check(shared, 'verify-genuine');
    await verifier.close();

    // An insurer checks the same PDF through the verify API with its key.
    const { organisationId, key } = await insurerApiKey();
    const checked = await app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'x-api-key': key, 'content-type': 'application/pdf' }, payload: sharedPdf });
    assert.equal(checked.statusCode, 200, checked.body);
    assert.equal(checked.json().valid, true);

    // The wallet shows that the link was opened (viewed, and downloaded twice) and who verified the certificate.
    await wallet.getByRole('button', { name: 'แชร์ลิงก์' }).click();
    await wallet.getByRole('button', { name: 'แชร์ลิงก์' }).click();
    const opens = wallet.getByTestId('opens').locator('li');
    await opens.first().waitFor();
    assert.deepEqual((await opens.allTextContents()).map((text) => text.split(' · ')[1]).sort(), ['ดาวน์โหลด', 'ดาวน์โหลด', 'เปิดดู']);
    await wallet.getByTestId('share-panel').scrollIntoViewIfNeeded();
    await check(wallet, 'wallet-opened');
    await wallet.getByRole('button', { name: 'แชร์ลิงก์' }).click();
    await wallet.getByRole('button', { name: 'ใครตรวจสอบแล้ว' }).click();
    const verifications = wallet.getByTestId('verifications').locator('li');
    await verifications.first().waitFor();
    assert.equal(await verifications.count(), 3, 'the shared page, /verify and the insurer');
    assert.match((await wallet.locator(`[data-organisation="${organisationId}"]`).textContent()) ?? '', new RegExp(`${insurer.name} · บริษัทประกัน.*25\\d\\d`));
    assert.equal(await wallet.locator('[data-organisation="anonymous"]').count(), 2);
    await check(wallet, 'wallet-verifications');
    await owner.close();
  });
});
