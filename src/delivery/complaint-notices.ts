/**
 * The words of a complaint notification, derived from its kind alone: the step, the complaint's short
 * reference and the facility's name, in Thai and English. Nothing the citizen or an officer wrote is used.
 */
import type { messagingApi } from '@line/bot-sdk';
import { fill, type LineLanguage } from './line-messages';

type Bilingual = Record<LineLanguage, string>;

const steps: Record<string, Bilingual> = {
  'complaint.submitted': { th: 'ได้รับเรื่องร้องเรียนแล้ว', en: 'has been received' },
  'complaint.triaged': { th: 'เจ้าหน้าที่รับเรื่องพิจารณาแล้ว', en: 'has been reviewed by an officer' },
  'complaint.investigating': { th: 'อยู่ระหว่างการตรวจสอบ', en: 'is being investigated' },
  'complaint.resolved': { th: 'ดำเนินการเสร็จสิ้นแล้ว', en: 'has been resolved' },
  'complaint.dismissed': { th: 'ปิดเรื่องโดยไม่ดำเนินการต่อ', en: 'has been closed without further action' },
  'complaint.facility_responded': { th: 'สถานพยาบาลได้ตอบกลับแล้ว', en: 'has a response from the facility' },
};
const otherStep: Bilingual = { th: 'มีความคืบหน้า', en: 'has been updated' };

const sentence: Bilingual = {
  th: 'เรื่องร้องเรียนเลขที่ {ref} ({facility}) {step}',
  en: 'Complaint {ref} ({facility}) {step}.',
};
const openWallet: Bilingual = { th: 'ดูรายละเอียดใน Wallet: {url}', en: 'Details in your wallet: {url}' };

/** The short reference a citizen reads a complaint by: the first 8 hex digits of its id, upper-case. */
export function complaintReference(complaintId: string): string {
  return complaintId.replace(/-/g, '').slice(0, 8).toUpperCase();
}

export interface ComplaintNotice {
  kind: string;
  complaintId: string;
  facilityNames: Bilingual;
}

/** One sentence per language naming the step, the reference and the facility. */
export function complaintNoticeText(notice: ComplaintNotice): Bilingual {
  const step = steps[notice.kind] ?? otherStep;
  const ref = complaintReference(notice.complaintId);
  return {
    th: fill(sentence.th, { ref, facility: notice.facilityNames.th, step: step.th }),
    en: fill(sentence.en, { ref, facility: notice.facilityNames.en, step: step.en }),
  };
}

/** The LINE push: Thai first, then English, then where to read more. */
export function complaintNoticeMessage(notice: ComplaintNotice, walletUrl: string): messagingApi.TextMessage {
  const text = complaintNoticeText(notice);
  return { type: 'text', text: [text.th, text.en, fill(openWallet.th, { url: walletUrl }), fill(openWallet.en, { url: walletUrl })].join('\n') };
}
