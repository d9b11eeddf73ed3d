/** Steps on /station that several browser tests take: signing in (with a TOTP code when the account has one) and out. */
import type { Page } from 'playwright-core';

export interface StationLogin {
  username: string;
  password: string;
  totpSecret?: string;
}

export async function signInToStation(page: Page, login: StationLogin, nextCode: (secret: string) => string) {
  await page.getByLabel('ชื่อผู้ใช้', { exact: true }).fill(login.username);
  await page.getByLabel('รหัสผ่าน', { exact: true }).fill(login.password);
  if (login.totpSecret) await page.getByLabel('รหัสจากแอปยืนยันตัวตน (6 หลัก)').fill(nextCode(login.totpSecret));
  await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
  await page.getByRole('button', { name: 'ออกจากระบบ' }).waitFor();
}

export async function signOutOfStation(page: Page) {
  await page.getByRole('button', { name: 'ออกจากระบบ' }).click();
  await page.getByRole('heading', { name: 'เข้าสู่ระบบ' }).waitFor();
}
