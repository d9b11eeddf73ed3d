/** The wallet's sentences about LINE and who verified a certificate, in Thai and English (the shared ones are in i18n/messages.ts). */
import { useLang } from '../i18n/lang';

const th = {
  continueToLine: 'เข้าสู่ระบบเพื่อเชื่อมบัญชี LINE ต่อ',
  continueElsewhere: 'เข้าสู่ระบบแล้วระบบจะพาไปยังหน้าที่คุณเปิดไว้',

  showVerifications: 'ใครตรวจสอบแล้ว',
  verificationsHeading: 'ผู้ที่ตรวจสอบใบรับรองนี้',
  noVerifications: 'ยังไม่มีใครตรวจสอบใบรับรองนี้',
  anonymousVerifier: 'ผู้ตรวจสอบที่ไม่ระบุองค์กร',
  kindEmployer: 'นายจ้าง',
  kindInsurer: 'บริษัทประกัน',
  kindAgency: 'หน่วยงานรัฐ',
  kindBorder: 'ด่านตรวจคนเข้าเมือง',
  kindOther: 'องค์กรอื่น',
  loadFailed: 'โหลดข้อมูลไม่สำเร็จ กรุณาลองใหม่',

  lineHeading: 'แจ้งเตือนทาง LINE',
  lineLinked: 'เชื่อมกับบัญชี LINE แล้ว เมื่อ {date} ใบรับรองใหม่จะแจ้งเตือนทาง LINE',
  lineNotLinked: 'ยังไม่ได้เชื่อมบัญชี LINE',
  lineHowToLink: 'เพิ่มเพื่อนบัญชีทางการของกระทรวงสาธารณสุขใน LINE แล้วพิมพ์ “เชื่อมบัญชี” เพื่อรับแจ้งเตือนเมื่อมีใบรับรองใหม่',
  unlinkLine: 'ยกเลิกการเชื่อมบัญชี LINE',
  lineUnlinked: 'ยกเลิกการเชื่อมบัญชี LINE แล้ว จะไม่มีการแจ้งเตือนทาง LINE อีก',
};

export type WalletMessages = typeof th;

const en: WalletMessages = {
  continueToLine: 'Sign in to go on connecting LINE.',
  continueElsewhere: 'Once you are signed in, you will go on to the page you opened.',

  showVerifications: 'Who verified it',
  verificationsHeading: 'Who verified this certificate',
  noVerifications: 'Nobody has verified this certificate yet.',
  anonymousVerifier: 'A verifier who named no organisation',
  kindEmployer: 'Employer',
  kindInsurer: 'Insurer',
  kindAgency: 'Government agency',
  kindBorder: 'Border control',
  kindOther: 'Other organisation',
  loadFailed: 'This could not be loaded. Please try again.',

  lineHeading: 'LINE notifications',
  lineLinked: 'Connected to a LINE account since {date}. New certificates are announced on LINE.',
  lineNotLinked: 'Not connected to LINE.',
  lineHowToLink: 'Add the Ministry of Public Health’s official account on LINE and send “link” to be notified of new certificates.',
  unlinkLine: 'Disconnect LINE',
  lineUnlinked: 'LINE is disconnected; no more notifications will come there.',
};

export const walletMessages = { th, en };

export function useWalletText(): WalletMessages {
  return walletMessages[useLang().lang];
}
