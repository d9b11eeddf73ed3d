import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { InvalidInputError } from '../errors';
import { createUvci, isValidUvci, uvciCheckCharacter } from './uvci';

test('the check character matches the eHN guidelines example (URN:UVCI:01:NL:187/37512422923#Z)', () => {
  assert.equal(uvciCheckCharacter('URN:UVCI:01:NL:187/37512422923'), 'Z');
  assert.equal(isValidUvci('URN:UVCI:01:NL:187/37512422923#Z'), true);
});

test('a created UVCI has the standard shape, carries the issuer segment and validates', () => {
  const uvci = createUvci({ issuer: 'MOPH' });
  assert.match(uvci, /^URN:UVCI:01:TH:MOPH\/[A-Z0-9]{16}#[A-Z0-9/:]$/);
  assert.equal(isValidUvci(uvci), true);
  assert.notEqual(createUvci(), createUvci());
});

test('changing any one character of a UVCI body is caught by the check character', () => {
  fc.assert(
    fc.property(fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), (position, replacement) => {
      const uvci = createUvci();
      const body = uvci.slice(0, uvci.indexOf('#'));
      const index = 15 + (position % (body.length - 15));
      fc.pre(body[index] !== replacement);
      const changed = body.slice(0, index) + replacement + body.slice(index + 1) + uvci.slice(body.length);
      assert.equal(isValidUvci(changed), false);
    }),
  );
});

test('malformed UVCIs and bad options are refused', () => {
  for (const bad of ['', 'URN:UVCI:01:TH:ABC', 'URN:UVCI:01:TH:abc#A', 'URN:UVCI:02:TH:ABC#A', 'URN:UVCI:01:TH:ABC#AB']) assert.equal(isValidUvci(bad), false);
  assert.throws(() => createUvci({ country: 'tha' }), InvalidInputError);
  assert.throws(() => createUvci({ issuer: 'a-b' }), InvalidInputError);
  assert.throws(() => uvciCheckCharacter('URN:UVCI:01:TH:ä'), InvalidInputError);
});
