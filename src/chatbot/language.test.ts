import assert from 'node:assert/strict';
import fs from 'node:fs';
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

  it('replies to every labelled question written in Thai script in Thai, informal and mixed ones included, and to the rest in English', () => {
    const questions: { text: string }[] = JSON.parse(fs.readFileSync(new URL('./fixtures/labelled-questions.json', import.meta.url), 'utf8'));
    for (const { text } of questions) assert.equal(detectLanguage(text), /\p{Script=Thai}/u.test(text) ? 'th' : 'en', text);
  });

  it('defaults to Thai when there are no words to go by', () => {
    assert.equal(detectLanguage('1669 ?!'), 'th');
    assert.equal(detectLanguage(''), 'th');
  });

  it('answers th or en for any input', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => assert.ok(['th', 'en'].includes(detectLanguage(text)))));
  });
});
