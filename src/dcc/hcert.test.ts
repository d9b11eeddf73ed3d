import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Tag } from 'cbor-x';
import { cborDecoder, cborEncoder } from '../cose/sign1';
import { cborToJson } from './hcert';

const roundTrip = (value: unknown) => cborToJson(cborDecoder.decode(cborEncoder.encode(value)));

test('maps with string keys, arrays, strings, numbers and booleans become JSON', () => {
  assert.deepEqual(roundTrip(new Map<string, unknown>([['a', [1, 2.5, 'x', true, null]], ['b', new Map([['c', 'd']])]])), { a: [1, 2.5, 'x', true, null], b: { c: 'd' } });
});

test('CBOR date tags become ISO strings: 0 and 1 (date-time), 1004 and 100 (full-date)', () => {
  assert.equal(roundTrip(new Tag('2021-06-15T09:24:02Z', 0)), '2021-06-15T09:24:02Z');
  assert.equal(roundTrip(new Tag(1623749042, 1)), '2021-06-15T09:24:02Z');
  assert.equal(roundTrip(new Tag('1964-08-12', 1004)), '1964-08-12');
  assert.equal(roundTrip(new Tag(1, 100)), '1970-01-02');
});

test('what JSON cannot hold makes the whole value undefined', () => {
  for (const value of [new Uint8Array([1]), new Map([[1, 'integer key']]), [new Tag('x', 99)], new Map([['a', new Uint8Array(0)]]), undefined]) {
    assert.equal(roundTrip(value), undefined);
  }
});
