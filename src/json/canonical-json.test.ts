import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

test('sorts keys at every depth and drops undefined', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
});

test('objects equal up to key order encode to the same string, and it parses back to the same value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const encoded = canonicalJson(value);
      assert.deepEqual(JSON.parse(encoded), JSON.parse(JSON.stringify(value)));
      assert.equal(canonicalJson(JSON.parse(encoded)), encoded);
    }),
  );
});
