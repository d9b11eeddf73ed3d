import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { acceptTotp, newTotpSecret, totpCode } from './totp';

const at = new Date('2026-11-24T10:00:10Z');
const { secret, uri } = newTotpSecret('doctor@clinic.example');

test('the URI is a standard otpauth:// TOTP URI an authenticator app reads', () => {
  assert.match(uri, /^otpauth:\/\/totp\/medcert:doctor%40clinic\.example\?issuer=medcert&secret=[A-Z2-7]{32}&algorithm=SHA1&digits=6&period=30$/);
});

test('the current code is accepted and names its time step', () => {
  assert.equal(acceptTotp(secret, totpCode(secret, at), at, null), Math.floor(at.getTime() / 30_000));
});

test('a code from one step before or after is accepted (clock drift), two steps is not', () => {
  for (const offset of [-30_000, 30_000]) assert.notEqual(acceptTotp(secret, totpCode(secret, new Date(at.getTime() + offset)), at, null), null);
  for (const offset of [-60_000, 60_000]) assert.equal(acceptTotp(secret, totpCode(secret, new Date(at.getTime() + offset)), at, null), null);
});

test('a code is good once: its step, or an earlier one, is refused after use', () => {
  const code = totpCode(secret, at);
  const step = acceptTotp(secret, code, at, null)!;
  assert.equal(acceptTotp(secret, code, at, step), null);
  assert.equal(acceptTotp(secret, totpCode(secret, new Date(at.getTime() - 30_000)), at, step), null);
});

test("another secret's code is refused", () => {
  const other = newTotpSecret('x').secret;
  assert.equal(acceptTotp(secret, totpCode(other, at), at, null) === null || totpCode(other, at) === totpCode(secret, at), true);
});

test('anything but six digits is refused without error', () => {
  fc.assert(
    fc.property(fc.string().filter((s) => !/^\d{6}$/.test(s)), (code) => {
      assert.equal(acceptTotp(secret, code, at, null), null);
    }),
  );
});
