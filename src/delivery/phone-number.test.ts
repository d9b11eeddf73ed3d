import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvalidPhoneNumberError } from './errors';
import { maskPhoneNumber, parsePhoneNumber } from './phone-number';

test('Thai mobile numbers as people write them become E.164', () => {
  assert.equal(parsePhoneNumber('081-234-1234'), '+66812341234');
  assert.equal(parsePhoneNumber(' 09 1234 5678 '), '+66912345678');
  assert.equal(parsePhoneNumber('+66 81 234 1234'), '+66812341234');
  assert.equal(parsePhoneNumber('+95 9 123 456 789'), '+959123456789');
});

test('landlines, short numbers and text are refused without repeating the number', () => {
  for (const bad of ['02-123-4567', '0812', '+66 2 123 4567', 'call me', '']) {
    assert.throws(() => parsePhoneNumber(bad), (error: unknown) => error instanceof InvalidPhoneNumberError && !error.message.includes(bad || '@@'));
  }
});

test('a number is shown masked, keeping only its last four digits', () => {
  assert.equal(maskPhoneNumber('+66812341234'), '08x-xxx-1234');
  assert.equal(maskPhoneNumber('+959123456789'), '+95xxxxxx6789');
});

test('anything parsed is E.164 and its mask hides all but four digits of the subscriber number', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 20 }), (written) => {
      try {
        const e164 = parsePhoneNumber(written);
        assert.match(e164, /^\+[1-9]\d{7,14}$/);
        assert.ok(!maskPhoneNumber(e164).includes(e164.slice(-8, -4)));
      } catch (error) {
        assert.ok(error instanceof InvalidPhoneNumberError);
      }
    }),
  );
});
