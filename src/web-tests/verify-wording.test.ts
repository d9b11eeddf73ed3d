import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { messages } from '../../web/src/i18n/messages';
import { describeReason } from '../../web/src/verify/reasons';
import { verdictOf } from '../../web/src/verify/verdict';
import { pdfReasons } from '../pdf/pades/reasons';
import { documentReasons } from '../verify/reasons';
import { genuine, revoked, tampered, unlicensed } from './verify-results';

describe('verdict and reason wording on the verify page', () => {
  test('every reason code the server can send has its own Thai and English sentence', () => {
    for (const code of [...Object.keys(pdfReasons), ...Object.values(documentReasons)]) {
      const family = code.split('.')[0];
      for (const lang of ['th', 'en'] as const) {
        assert.notEqual(describeReason(code, lang), describeReason(`${family}.not-a-code`, lang), `${code} (${lang}) falls back to its family`);
      }
    }
  });

  test('an unknown code still reads as a sentence of its family, or a general one', () => {
    assert.match(describeReason('signature.brand-new-check', 'en'), /signature/);
    assert.match(describeReason('weird', 'en'), /problem/);
  });

  test('the verdict puts forgery before status and status before licences', () => {
    assert.equal(verdictOf(genuine), 'genuine');
    assert.equal(verdictOf(tampered), 'not-genuine');
    assert.equal(verdictOf(revoked), 'revoked');
    assert.equal(verdictOf(unlicensed), 'unlicensed');
    assert.equal(verdictOf({ valid: false, reasons: ['document.superseded'], document: null }), 'superseded');
    assert.equal(verdictOf({ valid: false, reasons: ['document.revoked', 'signature.digest-mismatch'], document: null }), 'not-genuine');
    assert.equal(verdictOf({ valid: false, reasons: ['document.unknown'], document: null }), 'not-genuine');
    assert.equal(verdictOf({ valid: false, reasons: ['qr.does-not-match-document'], document: null }), 'not-genuine');
    assert.equal(verdictOf({ valid: false, reasons: ['facility.licence-not-active-at-issuance', 'document.superseded'], document: null }), 'superseded');
    assert.equal(verdictOf({ valid: false, reasons: [], document: null }), 'not-genuine', 'invalid without a reason is never shown as genuine');
  });

  test('Thai and English have the same sentences and no empty one', () => {
    assert.deepEqual(Object.keys(messages.en).sort(), Object.keys(messages.th).sort());
    for (const [key, text] of [...Object.entries(messages.th), ...Object.entries(messages.en)]) assert.ok(text.trim(), key);
  });
});
