import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { detectLanguage } from './language';

describe('detectLanguage', () => {
  it('tells Thai and English apart by script', () => {
    assert.equal(detectLanguage('ใบรับรองแพทย์อยู่ที่ไหนครับ'), 'th');
    assert.equal(detectLanguage('Where is my medical certificate?'), 'en');
  });

  it('takes the script of most words in mixed messages', () => {
    assert.equal(detectLanguage('ขอ cert หน่อยครับ'), 'th');
    assert.equal(detectLanguage('how do I get a ใบรับรองแพทย์ for my visa'), 'en');
  });

  it('defaults to Thai when there are no words to go by', () => {
    assert.equal(detectLanguage('1669 ?!'), 'th');
    assert.equal(detectLanguage(''), 'th');
  });

  it('answers th or en for any input', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => assert.ok(['th', 'en'].includes(detectLanguage(text)))));
  });
});
