import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskIdentifier, parsePassport, parseWorkPermit } from './foreign-identifier';
import { InvalidForeignIdentifierError } from './errors';

test('a passport is normalised to upper case without spaces', () => {
  assert.deepEqual(parsePassport(' mb 123456 ', 'mmr'), { number: 'MB123456', nationality: 'MMR' });
});

test('malformed passports and nationalities are rejected with a typed error', () => {
  assert.throws(() => parsePassport('AB1', 'MMR'), InvalidForeignIdentifierError);
  assert.throws(() => parsePassport('AB12345;--', 'MMR'), InvalidForeignIdentifierError);
  assert.throws(() => parsePassport('AB123456', 'Myanmar'), /ISO 3166 alpha-3/);
});

test('a work-permit number has 13 digits', () => {
  assert.equal(parseWorkPermit('0-1234-56789-01-2'), '0123456789012');
  assert.throws(() => parseWorkPermit('12-34'), InvalidForeignIdentifierError);
});

test('masking hides all but the last four characters', () => {
  assert.equal(maskIdentifier('MB123456'), 'XXXX3456');
  assert.equal(maskIdentifier('123'), '123');
});
