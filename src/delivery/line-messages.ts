/**
 * What the LINE official account says: the flex push about a newly issued certificate (type, facility,
 * Buddhist-era date and a wallet link, nothing from the certificate's health content), the reply that
 * lists a linked citizen's certificates, and the short texts of the linking flow, in Thai and English.
 */
import type { messagingApi } from '@line/bot-sdk';
import type { CitizenCertificate } from '../chatbot/personal-answer';

export type LineLanguage = 'th' | 'en';
type Bilingual = Record<LineLanguage, string>;

export const lineTexts = {
  linkPrompt: {
    th: 'แตะลิงก์นี้เพื่อเชื่อมบัญชี LINE กับ Wallet ใบรับรองของคุณ แล้วเข้าสู่ระบบ (ลิงก์ใช้ได้ 10 นาที)\n{url}',
    en: 'Open this link and sign in to connect LINE to your certificate wallet (the link works for 10 minutes):\n{url}',
  },
  alreadyLinked: {
    th: 'บัญชี LINE นี้เชื่อมกับ Wallet แล้ว พิมพ์ “ใบรับรองของฉัน” เพื่อดูใบรับรอง หรือ “ยกเลิกการเชื่อมบัญชี” เพื่อยกเลิก',
    en: 'This LINE account is already connected to your wallet. Send “my certificates” to see them, or “unlink” to disconnect.',
  },
  linked: {
    th: 'เชื่อมบัญชีเรียบร้อยแล้ว ใบรับรองใหม่จะแจ้งเตือนที่นี่ พิมพ์ “ใบรับรองของฉัน” เพื่อดูรายการ',
    en: 'Your LINE account is connected. New certificates will be announced here; send “my certificates” to list them.',
  },
  linkFailed: {
    th: 'เชื่อมบัญชีไม่สำเร็จ ลิงก์อาจหมดอายุแล้ว พิมพ์ “เชื่อมบัญชี” เพื่อลองใหม่',
    en: 'The account could not be connected; the link may have expired. Send “link” to try again.',
  },
  unlinked: {
    th: 'ยกเลิกการเชื่อมบัญชีแล้ว จะไม่มีการแจ้งเตือนใบรับรองทาง LINE อีก',
    en: 'Your LINE account is disconnected from the wallet; no more certificate notifications will come here.',
  },
  notLinked: {
    th: 'บัญชี LINE นี้ยังไม่ได้เชื่อมกับ Wallet พิมพ์ “เชื่อมบัญชี” เพื่อเชื่อม แล้วจะดูใบรับรองและรับแจ้งเตือนได้ที่นี่',
    en: 'This LINE account is not connected to a wallet yet. Send “link” to connect it, then you can list your certificates and get notified here.',
  },
  linkUnavailable: {
    th: 'ขณะนี้ยังเชื่อมบัญชีไม่ได้ โปรดลองใหม่ภายหลัง',
    en: 'Linking is not available right now; please try again later.',
  },
  noCertificates: {
    th: 'ยังไม่มีใบรับรองใน Wallet ของคุณ',
    en: 'There are no certificates in your wallet yet.',
  },
  certificatesHeading: { th: 'ใบรับรองของคุณ ({count} ฉบับ)', en: 'Your certificates ({count})' },
  more: { th: 'และอีก {count} ฉบับ', en: 'and {count} more' },
  openWallet: { th: 'ดูและดาวน์โหลดได้ที่ {url}', en: 'View and download them at {url}' },
} satisfies Record<string, Bilingual>;

const statusWords: Record<CitizenCertificate['status'], Bilingual> = {
  draft: { th: 'ฉบับร่าง', en: 'draft' },
  pending_signature: { th: 'รอแพทย์ลงลายมือชื่อ', en: 'awaiting signature' },
  signing: { th: 'กำลังลงลายมือชื่อ', en: 'being signed' },
  issued: { th: 'ใช้ได้', en: 'valid' },
  revoked: { th: 'ถูกเพิกถอน', en: 'revoked' },
  superseded: { th: 'มีฉบับแก้ไขแทนแล้ว', en: 'replaced by a correction' },
};

const dateFormats: Record<LineLanguage, Intl.DateTimeFormat> = {
  th: new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { dateStyle: 'long', timeZone: 'Asia/Bangkok' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Asia/Bangkok' }),
};

/** Most certificates a list reply names; the rest are counted and left to the wallet. */
export const listedCertificates = 10;

export function formatDate(date: Date, language: LineLanguage): string {
  return dateFormats[language].format(date);
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The reply to "my certificates": newest first, one line each with type, date and status. */
export function certificateListText(certificates: readonly CitizenCertificate[], language: LineLanguage, walletUrl: string): string {
  if (certificates.length === 0) return `${lineTexts.noCertificates[language]}\n${fill(lineTexts.openWallet[language], { url: walletUrl })}`;
  const lines = certificates.slice(0, listedCertificates).map((c) => {
    const name = c.typeName?.[language] ?? c.type;
    const date = c.issuedAt ? formatDate(c.issuedAt, language) : '–';
    return `• ${name} · ${date} · ${statusWords[c.status][language]}`;
  });
  const rest = certificates.length - listedCertificates;
  return [
    fill(lineTexts.certificatesHeading[language], { count: certificates.length }),
    ...lines,
    ...(rest > 0 ? [fill(lineTexts.more[language], { count: rest })] : []),
    fill(lineTexts.openWallet[language], { url: walletUrl }),
  ].join('\n');
}

export interface IssuedCertificateNotice {
  typeNames: Bilingual;
  facilityNames: Bilingual;
  issuedAt: Date;
  walletUrl: string;
}

/** The push about a newly issued certificate: a bilingual flex bubble with a download button. */
export function certificateIssuedMessage(notice: IssuedCertificateNotice): messagingApi.FlexMessage {
  const dates = { th: formatDate(notice.issuedAt, 'th'), en: formatDate(notice.issuedAt, 'en') };
  const grey = '#5b6470';
  return {
    type: 'flex',
    altText: `ใบรับรองใหม่: ${notice.typeNames.th} (${dates.th}) · New certificate: ${notice.typeNames.en}`.slice(0, 400),
    contents: {
      type: 'bubble',
      header: {
        type: 'box',
        layout: 'vertical',
        backgroundColor: '#0b5cad',
        contents: [{ type: 'text', text: 'ใบรับรองใหม่ · New certificate', color: '#ffffff', weight: 'bold', size: 'sm' }],
      },
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: [
          { type: 'text', text: notice.typeNames.th, weight: 'bold', size: 'lg', wrap: true },
          { type: 'text', text: notice.typeNames.en, size: 'sm', color: grey, wrap: true },
          { type: 'separator', margin: 'md' },
          { type: 'text', text: notice.facilityNames.th, size: 'sm', wrap: true, margin: 'md' },
          { type: 'text', text: notice.facilityNames.en, size: 'xs', color: grey, wrap: true },
          { type: 'text', text: `ออกเมื่อ ${dates.th}`, size: 'sm', margin: 'md' },
          { type: 'text', text: `Issued ${dates.en}`, size: 'xs', color: grey },
        ],
      },
      footer: {
        type: 'box',
        layout: 'vertical',
        contents: [{ type: 'button', style: 'primary', color: '#0b5cad', action: { type: 'uri', label: 'ดาวน์โหลด · Download', uri: notice.walletUrl } }],
      },
    },
  };
}
