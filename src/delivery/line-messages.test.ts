import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CitizenCertificate } from '../chatbot/personal-answer';
import { certificateIssuedMessage, certificateListText, listedCertificates } from './line-messages';

const certificate = (n: number, status: CitizenCertificate['status'] = 'issued'): CitizenCertificate => ({
  id: `c${n}`,
  type: 'sick-leave',
  typeName: { th: 'ใบรับรองแพทย์', en: 'Medical certificate' },
  status,
  issuedAt: new Date(Date.UTC(2026, 0, n, 3)),
});

test('the issued-certificate push shows the type, facility and date in both languages, the Thai date in the Buddhist era', () => {
  const message = certificateIssuedMessage({
    typeNames: { th: 'ใบรับรองแพทย์', en: 'Medical certificate' },
    facilityNames: { th: 'โรงพยาบาลทดสอบ', en: 'Test Hospital' },
    issuedAt: new Date('2026-12-31T18:30:00Z'),
    walletUrl: 'https://medcert.example/wallet?certificate=c1',
  });
  const shown = JSON.stringify(message);
  assert.ok(shown.includes('1 มกราคม 2570'), 'Bangkok date, Buddhist era');
  assert.ok(shown.includes('1 January 2027'));
  assert.ok(message.altText.length <= 400 && message.altText.includes('ใบรับรองแพทย์'));
  assert.ok(shown.includes('"uri":"https://medcert.example/wallet?certificate=c1"'));
});

test('the certificate list names at most ten, counts the rest and points to the wallet', () => {
  const many = Array.from({ length: 13 }, (_, i) => certificate(i + 1, i === 0 ? 'revoked' : 'issued'));
  const text = certificateListText(many, 'th', 'https://medcert.example/wallet');
  assert.equal(text.split('\n').filter((line) => line.startsWith('• ')).length, listedCertificates);
  assert.match(text, /ใบรับรองของคุณ \(13 ฉบับ\)/);
  assert.match(text, /และอีก 3 ฉบับ/);
  assert.match(text, /ถูกเพิกถอน/);
  assert.match(text, /https:\/\/medcert\.example\/wallet$/);
  assert.match(certificateListText([], 'en', 'https://medcert.example/wallet'), /no certificates/);
});
