import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { encodeBase45 } from '../dcc/base45';
import { cborEncoder } from '../cose/sign1';
import { base45Decode, maxInflatedBytes, verifyMc1Offline } from '../../web/src/verify/offline-qr';
import { createSealFixture, encodeMc1, sampleClaims, trustListFor } from './mc1-fixture';

const seal = createSealFixture();
const trustList = trustListFor(seal);
const mc1 = (bytes: Uint8Array) => `MC1:${encodeBase45(bytes)}`;

describe('offline MC1 check in the browser', () => {
  test('a payload sealed by a key on the trust list is valid, with its claims and facility', async () => {
    const result = await verifyMc1Offline(await encodeMc1(sampleClaims, seal), trustList);
    assert.deepEqual(result.reasons, []);
    assert.equal(result.valid, true);
    assert.equal(result.facilityId, seal.facilityId);
    assert.equal(result.claims?.id, sampleClaims.id);
  });

  test('a payload signed by another key under a listed kid has an invalid signature', async () => {
    const forger = { ...createSealFixture(), kid: seal.kid };
    const result = await verifyMc1Offline(await encodeMc1(sampleClaims, forger), trustList);
    assert.deepEqual(result.reasons, ['qr.invalid']);
  });

  test('a kid that is not on the trust list is an untrusted key', async () => {
    const result = await verifyMc1Offline(await encodeMc1(sampleClaims, createSealFixture()), trustList);
    assert.deepEqual(result.reasons, ['qr.untrusted-key']);
  });

  test('a payload issued outside the key’s validity period is refused', async () => {
    const expired = trustListFor(seal, { notBefore: '2020-01-01T00:00:00.000Z', notAfter: '2021-01-01T00:00:00.000Z' });
    const result = await verifyMc1Offline(await encodeMc1(sampleClaims, seal), expired);
    assert.deepEqual(result.reasons, ['qr.untrusted-key']);
  });

  test('malformed payloads are answered qr.invalid, never thrown', async () => {
    const zipBomb = mc1(deflateSync(new Uint8Array(maxInflatedBytes * 4)));
    const notCose = mc1(deflateSync(cborEncoder.encode(new Map([[1, 2]]))));
    const notCbor = mc1(deflateSync(new Uint8Array([0xff, 0xff, 0xff])));
    const notZlib = mc1(new Uint8Array([1, 2, 3, 4]));
    for (const payload of ['HC1:6BF', 'MC1:', 'MC1:a', 'MC1:ÄÖÜ', 'MC1:GGW', zipBomb, notCose, notCbor, notZlib]) {
      const result = await verifyMc1Offline(payload, trustList);
      assert.deepEqual(result.reasons, ['qr.invalid'], payload.slice(0, 20));
    }
  });

  test('property: a changed payload never throws and is accepted only when its signed claims are untouched', async () => {
    const genuine = await encodeMc1(sampleClaims, seal);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: genuine.length - 5 }), fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'), async (at, char) => {
        const index = 4 + at;
        fc.pre(genuine[index] !== char);
        const mutated = genuine.slice(0, index) + char + genuine.slice(index + 1);
        const result = await verifyMc1Offline(mutated, trustList);
        // Bytes outside the signature (e.g. the zlib checksum, which the inflater does not check) may change harmlessly.
        if (result.valid) assert.deepEqual(result.claims, sampleClaims);
      }),
      { numRuns: 300 },
    );
  });

  test('property: base45 decoding inverts encoding and rejects text outside the alphabet', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => assert.deepEqual(base45Decode(encodeBase45(bytes)), bytes)));
    fc.assert(fc.property(fc.string(), (text) => {
      fc.pre(/[^0-9A-Z $%*+\-./:]/.test(text));
      assert.throws(() => base45Decode(text));
    }));
  });
});
