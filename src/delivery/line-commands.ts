/**
 * The few LINE messages that are commands rather than questions (what the rich menu's buttons send,
 * or a citizen types): link, unlink and list my certificates. Matching is exact after folding case,
 * spaces and punctuation, so a question that merely mentions linking still goes to the chatbot.
 */
export type LineCommand = 'link' | 'unlink' | 'my-certificates';

const phrases: Record<LineCommand, string[]> = {
  link: ['เชื่อมบัญชี', 'เชื่อมต่อบัญชี', 'ผูกบัญชี', 'เชื่อมบัญชีline', 'link', 'linkaccount', 'connect', 'connectaccount'],
  unlink: ['ยกเลิกการเชื่อมบัญชี', 'ยกเลิกเชื่อมบัญชี', 'ยกเลิกการผูกบัญชี', 'unlink', 'unlinkaccount', 'disconnect'],
  'my-certificates': ['ใบรับรองของฉัน', 'ใบรับรองของผม', 'ใบรับรองของดิฉัน', 'ใบรับรองของหนู', 'ดูใบรับรอง', 'mycertificates', 'mycertificate', 'certificates'],
};

const byPhrase = new Map(Object.entries(phrases).flatMap(([command, list]) => list.map((phrase) => [phrase, command as LineCommand])));

export function lineCommandOf(text: string): LineCommand | null {
  const folded = text.normalize('NFC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '').replace(/(ครับ|ค่ะ|คะ|จ้า|please)$/u, '');
  return byPhrase.get(folded) ?? null;
}
