/**
 * The verify API's stable reason codes as plain sentences. Unknown codes (new checks added on the
 * server) still get a sentence from their family prefix, and the code itself is shown beside it.
 */
import type { Lang } from '../i18n/lang';

type Sentence = Record<Lang, string>;

const sentences: Record<string, Sentence> = {
  'signature.missing': { th: 'ไม่พบลายมือชื่อดิจิทัลในเอกสาร', en: 'The document has no digital signature.' },
  'signature.byterange-invalid': { th: 'โครงสร้างลายมือชื่อผิดปกติ ไม่ครอบคลุมเนื้อหาอย่างถูกต้อง', en: 'The signature does not cover the content the way it must.' },
  'signature.digest-mismatch': { th: 'เนื้อหาถูกแก้ไขหลังจากลงนาม', en: 'The content was changed after it was signed.' },
  'signature.invalid': { th: 'ลายมือชื่อดิจิทัลไม่ถูกต้อง', en: 'The digital signature is not valid.' },
  'signature.chain-untrusted': { th: 'ผู้ลงนามไม่ได้อยู่ในรายชื่อผู้ออกที่เชื่อถือได้', en: 'The signer is not on the trust list.' },
  'signature.certificate-revoked': { th: 'ใบรับรองของผู้ลงนามถูกเพิกถอนก่อนการลงนาม', en: 'The signer’s certificate was revoked before signing.' },
  'signature.certificate-expired': { th: 'ใบรับรองของผู้ลงนามหมดอายุแล้วในเวลาที่ลงนาม', en: 'The signer’s certificate had expired when it signed.' },
  'timestamp.invalid': { th: 'การประทับเวลาไม่ถูกต้อง', en: 'The time-stamp is not valid.' },
  'pdf.modified-after-signature': { th: 'มีการแก้ไขเนื้อหาเอกสารหลังการลงนาม', en: 'The document’s content was modified after signing.' },
  'pdf.malformed': { th: 'ไฟล์ PDF เสียหายหรืออ่านไม่ได้', en: 'The PDF is damaged or cannot be read.' },
  'document.not-found': { th: 'ไม่พบเอกสารนี้ในทะเบียนใบรับรอง', en: 'This document is not in the certificate register.' },
  'document.revoked': { th: 'ใบรับรองถูกเพิกถอนแล้ว', en: 'The certificate has been revoked.' },
  'document.superseded': { th: 'ใบรับรองนี้มีฉบับใหม่แทนแล้ว', en: 'The certificate has been replaced by a newer one.' },
  'practitioner.licence-not-active': { th: 'ใบอนุญาตของแพทย์ไม่มีผลในวันที่ออกใบรับรอง', en: 'The practitioner’s licence was not in force on the day of issue.' },
  'facility.licence-not-active': { th: 'ใบอนุญาตของสถานพยาบาลไม่มีผลในวันที่ออกใบรับรอง', en: 'The facility’s licence was not in force on the day of issue.' },
  'qr.signature-invalid': { th: 'ลายมือชื่อในคิวอาร์โค้ดไม่ถูกต้อง', en: 'The QR code’s signature is not valid.' },
  'qr.unknown-key': { th: 'คิวอาร์โค้ดลงนามด้วยกุญแจที่ไม่อยู่ในรายชื่อที่เชื่อถือได้', en: 'The QR code was signed with a key that is not on the trust list.' },
  'qr.malformed': { th: 'คิวอาร์โค้ดอ่านไม่ได้หรือถูกดัดแปลง', en: 'The QR code cannot be read or was altered.' },
  'qr.mismatch': { th: 'ข้อมูลในคิวอาร์โค้ดไม่ตรงกับเอกสาร', en: 'The QR code does not match the document.' },
};

const families: Record<string, Sentence> = {
  signature: { th: 'ลายมือชื่อดิจิทัลไม่ผ่านการตรวจสอบ', en: 'The digital signature failed a check.' },
  timestamp: { th: 'การประทับเวลาไม่ผ่านการตรวจสอบ', en: 'The time-stamp failed a check.' },
  pdf: { th: 'ไฟล์ PDF ไม่ผ่านการตรวจสอบ', en: 'The PDF file failed a check.' },
  document: { th: 'สถานะของเอกสารไม่ผ่านการตรวจสอบ', en: 'The document’s status failed a check.' },
  practitioner: { th: 'ข้อมูลผู้ประกอบวิชาชีพไม่ผ่านการตรวจสอบ', en: 'The practitioner failed a check.' },
  facility: { th: 'ข้อมูลสถานพยาบาลไม่ผ่านการตรวจสอบ', en: 'The facility failed a check.' },
  qr: { th: 'คิวอาร์โค้ดไม่ผ่านการตรวจสอบ', en: 'The QR code failed a check.' },
};

const fallback: Sentence = { th: 'พบปัญหาที่ทำให้เชื่อถือเอกสารไม่ได้', en: 'A problem was found that makes the document untrustworthy.' };

export function describeReason(code: string, lang: Lang): string {
  const family = code.split('.')[0] ?? '';
  return (sentences[code] ?? families[family] ?? fallback)[lang];
}
