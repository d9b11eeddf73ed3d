import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidInputError } from '../errors';
import { checkPasswordPolicy, defaultScryptParams, hashPassword, verifyPassword } from './password';

const fast = { N: 2 ** 10, r: 8, p: 1 };

test('a hash verifies its password and no other', async () => {
  const stored = await hashPassword('correct horse battery', fast);
  assert.equal(await verifyPassword('correct horse battery', stored), true);
  assert.equal(await verifyPassword('correct horse batterz', stored), false);
});

test('the parameters and a per-password salt are stored with the hash', async () => {
  const [a, b] = await Promise.all([hashPassword('same password', fast), hashPassword('same password', fast)]);
  assert.match(a, /^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.notEqual(a, b, 'two hashes of one password differ by their salt');
});

test('the default parameters are an OWASP minimum and still verify', async () => {
  assert.deepEqual(defaultScryptParams, { N: 32768, r: 8, p: 3 });
  const stored = await hashPassword('a long enough password');
  assert.equal(await verifyPassword('a long enough password', stored), true);
});

test('Unicode passwords are compared after NFKC normalisation', async () => {
  const stored = await hashPassword('caf\u00e9 รหัสผ่าน', fast);
  assert.equal(await verifyPassword('cafe\u0301 รหัสผ่าน', stored), true);
});

test('a malformed stored hash never matches', async () => {
  for (const stored of ['', 'bcrypt$x', 'scrypt$0$8$1$AAAA$AAAA', 'scrypt$abc$8$1$AAAA$AAAA', 'scrypt$1024$8$1$AAAA']) {
    assert.equal(await verifyPassword('whatever password', stored), false, stored);
  }
});

test('the policy refuses too short and absurdly long passwords', () => {
  assert.throws(() => checkPasswordPolicy('short'), InvalidInputError);
  assert.throws(() => checkPasswordPolicy('x'.repeat(257)), InvalidInputError);
  checkPasswordPolicy('ten chars!');
});
