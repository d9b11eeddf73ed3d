import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalize, stem, terms, words } from './tokenize';

describe('tokenize', () => {
  it('splits Thai into words with the segmenter and drops spaces and punctuation', () => {
    assert.deepEqual(words('ใบรับรองแพทย์ของฉัน อยู่ที่ไหน?'), ['ใบรับ', 'รอง', 'แพทย์', 'ของ', 'ฉัน', 'อยู่', 'ที่ไหน']);
  });

  it('squeezes emphatic repetition but keeps legitimate double letters', () => {
    assert.equal(normalize('ครับบบบ'), 'ครับ');
    assert.equal(normalize('ค่าา'), 'ค่า');
    assert.equal(normalize('มากๆ'), 'มาก ');
    assert.equal(normalize('กรรม'), 'กรรม');
    assert.equal(normalize('PLEEEASE'), 'please');
    assert.equal(normalize('Ｃｅｒｔ'), 'cert');
  });

  it('folds English inflections onto one stem and leaves Thai alone', () => {
    assert.equal(stem('certificates'), stem('certificate'));
    assert.equal(stem('vaccinated'), stem('vaccinate'));
    assert.equal(stem('clinics'), 'clinic');
    assert.equal(stem('licensing'), stem('license'));
    assert.equal(stem('addresses'), 'address');
    assert.equal(stem('pharmacies'), 'pharmacy');
    assert.equal(stem('ใบรับรอง'), 'ใบรับรอง');
  });

  it('adds joined Thai word pairs so two segmentations of one word still meet', () => {
    const stop = new Set(['ครับ']);
    assert.ok(terms('ขอบคุณมากครับ', stop).includes('ขอบคุณ'));
    assert.ok(terms('ขอบคุณ', stop).includes('ขอบคุณ'));
    assert.ok(!terms('ขอบคุณครับ', stop).includes('ครับ'));
  });

  it('never throws and yields only non-blank, normalized terms for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        for (const term of terms(text, new Set())) {
          assert.ok(term.trim().length > 0);
          assert.equal(term, term.toLowerCase());
        }
      }),
    );
  });

  it('normalizes idempotently', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => assert.equal(normalize(normalize(text)), normalize(text))));
  });
});
