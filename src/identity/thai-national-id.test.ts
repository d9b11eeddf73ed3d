import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isValidNationalId, maskNationalId, nationalIdCheckDigit, parseNationalId } from './thai-national-id';
import { InvalidNationalIdError } from './errors';

const first12 = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 }).map((d) => d.join(''));

test('a known valid ID passes and its check digit is recomputed', () => {
  // 1-1037-02071-81-1 is the example in the Department of Provincial Administration's documentation.
  assert.equal(nationalIdCheckDigit('110370207181'), 1);
  assert.ok(isValidNationalId('1103702071811'));
});

test('property: appending the computed check digit always gives a valid ID', () => {
  fc.assert(fc.property(first12, (d) => isValidNationalId(d + nationalIdCheckDigit(d))));
});

test('property: any other last digit makes the ID invalid', () => {
  fc.assert(
    fc.property(first12, fc.integer({ min: 1, max: 9 }), (d, delta) => !isValidNationalId(d + ((nationalIdCheckDigit(d) + delta) % 10))),
  );
});

test('property: parsing never throws anything but InvalidNationalIdError', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      try {
        assert.match(parseNationalId(s), /^\d{13}$/);
      } catch (error) {
        assert.ok(error instanceof InvalidNationalIdError);
      }
    }),
  );
});

test('written forms with dashes, spaces and Thai numerals are normalised', () => {
  assert.equal(parseNationalId('1-1037-02071-81-1'), '1103702071811');
  assert.equal(parseNationalId(' 1 1037 02071 81 1 '), '1103702071811');
  assert.equal(parseNationalId('๑๑๐๓๗๐๒๐๗๑๘๑๑'), '1103702071811');
});

test('a wrong check digit and a wrong length are told apart, without echoing the number', () => {
  assert.throws(() => parseNationalId('1103702071812'), (e: Error) => e instanceof InvalidNationalIdError && /check digit/.test(e.message) && !e.message.includes('110370'));
  assert.throws(() => parseNationalId('12345'), /13 digits/);
  assert.throws(() => parseNationalId('11037020718a1'), /13 digits/);
});

test('masking keeps the first and last three digits only', () => {
  assert.equal(maskNationalId('1103702071811'), '1-10XX-XXXXX-81-1');
});
