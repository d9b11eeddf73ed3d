/**
 * The verify API's stable reason codes as plain sentences. Unknown codes (new checks added on the
 * server) still get a sentence from their family prefix, and the code itself is shown beside it.
 */
import type { Lang } from '../i18n/lang';

type Sentence = Record<Lang, string>;

const sentences: Record<string, Sentence> = {
  'pdf.malformed': { th: 'ไฟล์ PDF เสียหายหรืออ่านไม่ได้', en: 'The PDF is damaged or cannot be read.' },
  'pdf.encrypted': { th: 'ไฟล์ PDF ถูกเข้ารหัส ใบรับรองจริงไม่เข้ารหัส', en: 'The PDF is encrypted; genuine certificates never are.' },
  'pdf.modified-after-signature': { th: 'มีการแก้ไขเนื้อหาเอกสารหลังการลงนาม', en: 'The document’s content was modified after signing.' },
  'signature.missing': { th: 'ไม่พบลายมือชื่อดิจิทัลในเอกสาร', en: 'The document has no digital signature.' },
  'signature.malformed': { th: 'ข้อมูลลายมือชื่อดิจิทัลไม่ครบหรืออ่านไม่ได้', en: 'The digital signature is incomplete or cannot be read.' },
  'signature.subfilter-unsupported': { th: 'ลายมือชื่อใช้รูปแบบที่ระบบไม่รองรับ', en: 'The signature uses a format this service does not accept.' },
  'signature.byterange-invalid': { th: 'โครงสร้างลายมือชื่อผิดปกติ ไม่ครอบคลุมเนื้อหาอย่างถูกต้อง', en: 'The signature does not cover the content the way it must.' },
  'signature.digest-mismatch': { th: 'เนื้อหาถูกแก้ไขหลังจากลงนาม', en: 'The content was changed after it was signed.' },
  'signature.signature-invalid': { th: 'ลายมือชื่อดิจิทัลไม่ถูกต้อง', en: 'The digital signature is not valid.' },
  'signature.signing-certificate-invalid': { th: 'ลายมือชื่อไม่ได้ผูกกับใบรับรองของผู้ลงนามอย่างถูกต้อง', en: 'The signature is not bound to the signer’s certificate as it must be.' },
  'signature.chain-untrusted': { th: 'ผู้ลงนามไม่ได้อยู่ในรายชื่อผู้ออกที่เชื่อถือได้', en: 'The signer is not on the trust list.' },
  'signature.certificate-expired': { th: 'ใบรับรองของผู้ลงนามไม่อยู่ในช่วงที่มีผลในเวลาที่ลงนาม', en: 'The signer’s certificate was not valid at the time of signing.' },
  'signature.certificate-revoked': { th: 'ใบรับรองของผู้ลงนามถูกเพิกถอนก่อนการลงนาม', en: 'The signer’s certificate was revoked when it signed.' },
  'timestamp.invalid': { th: 'การประทับเวลาไม่ถูกต้อง', en: 'The time-stamp is not valid.' },
  'document.unknown': { th: 'ไม่พบเอกสารนี้ในทะเบียนใบรับรอง', en: 'This document is not in the certificate register.' },
  'document.not-issued': { th: 'เอกสารนี้ยังไม่ได้ออกอย่างเป็นทางการ', en: 'This document was never officially issued.' },
  'document.revoked': { th: 'ใบรับรองถูกเพิกถอนแล้ว', en: 'The certificate has been revoked.' },
  'document.not-the-issued-file': { th: 'ไฟล์นี้ไม่ใช่ไฟล์ที่ออกภายใต้เลขที่เอกสารนี้ (มีส่วนที่ถูกตัดออกหรือถูกแทนที่)', en: 'This is not the file issued under this document number: part of it was removed or replaced.' },
  'document.superseded': { th: 'ใบรับรองนี้มีฉบับใหม่แทนแล้ว', en: 'The certificate has been replaced by a newer one.' },
  'practitioner.licence-not-active-at-issuance': { th: 'ใบอนุญาตของผู้ประกอบวิชาชีพไม่มีผลในวันที่ออกใบรับรอง', en: 'The practitioner’s licence was not in force on the day of issue.' },
  'facility.licence-not-active-at-issuance': { th: 'ใบอนุญาตของสถานพยาบาลไม่มีผลในวันที่ออกใบรับรอง', en: 'The facility’s licence was not in force on the day of issue.' },
  'qr.invalid': { th: 'คิวอาร์โค้ดอ่านไม่ได้ ถูกดัดแปลง หรือลายมือชื่อไม่ถูกต้อง', en: 'The QR code cannot be read, was altered, or its seal is not valid.' },
  'qr.untrusted-key': { th: 'คิวอาร์โค้ดลงนามด้วยกุญแจที่ไม่อยู่ในรายชื่อที่เชื่อถือได้', en: 'The QR code was sealed with a key that is not on the trust list.' },
  'qr.does-not-match-document': { th: 'ข้อมูลในคิวอาร์โค้ดไม่ตรงกับเอกสาร', en: 'The QR code does not match the document.' },
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
