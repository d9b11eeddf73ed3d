import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { decode } from 'base45';
import { decodeBase45, encodeBase45 } from './base45';

test('the RFC 9285 examples decode', () => {
  assert.equal(Buffer.from(decodeBase45('BB8')!).toString(), 'AB');
  assert.equal(Buffer.from(decodeBase45('%69 VD92EX0')!).toString(), 'Hello!!');
  assert.equal(Buffer.from(decodeBase45('UJCLQE7W581')!).toString(), 'base-45');
  assert.deepEqual(decodeBase45(''), new Uint8Array(0));
});

test('any bytes round-trip, and our decoder agrees with the base45 package on its own output', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const text = encodeBase45(bytes);
      assert.deepEqual(decodeBase45(text), bytes);
      assert.deepEqual(decodeBase45(text), new Uint8Array(decode(text)));
    }),
  );
});

test('non-canonical text is refused: foreign characters, lower case, a dangling character, groups out of range', () => {
  for (const bad of ['GGW', 'A', 'ABCD', 'ab', 'BB8é', ':::', 'Z:']) assert.equal(decodeBase45(bad), null, bad);
});

test('random strings never throw', () => {
  fc.assert(fc.property(fc.string(), (text) => void decodeBase45(text)));
});
