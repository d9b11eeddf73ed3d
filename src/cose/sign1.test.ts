import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { coseAlgorithms } from './algorithms';
import { CoseMalformedError } from './errors';
import { generateInMemorySigningKey } from './in-memory-signing-key';
import { cborEncoder, decodeCoseSign1, signCoseSign1, verifyCoseSign1 } from './sign1';
import { requireTool } from '../test-support/tools';

const ecKey = generateInMemorySigningKey('ECDSA-P256');
const rsaKey = generateInMemorySigningKey('RSA-3072');
const payload = new TextEncoder().encode('a payload');
const kid = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);

test('an ES256 message signed with a P-256 key verifies and carries alg and kid in the protected header', async () => {
  const message = decodeCoseSign1(await signCoseSign1(payload, ecKey, { kid }));
  assert.equal(message.alg, coseAlgorithms.ES256);
  assert.deepEqual(new Uint8Array(message.kid!), kid);
  assert.deepEqual(new Uint8Array(message.payload), payload);
  assert.equal(verifyCoseSign1(message, ecKey.publicKey), true);
});

test('an RSA key signs PS256, which verifies', async () => {
  const message = decodeCoseSign1(await signCoseSign1(payload, rsaKey));
  assert.equal(message.alg, coseAlgorithms.PS256);
  assert.equal(verifyCoseSign1(message, rsaKey.publicKey), true);
});

test('a changed payload, a changed protected header or another key does not verify', async () => {
  const message = decodeCoseSign1(await signCoseSign1(payload, ecKey, { kid }));
  assert.equal(verifyCoseSign1({ ...message, payload: new TextEncoder().encode('b payload') }, ecKey.publicKey), false);
  assert.equal(verifyCoseSign1({ ...message, protectedBytes: cborEncoder.encode(new Map([[1, -7]])) }, ecKey.publicKey), false);
  assert.equal(verifyCoseSign1(message, generateInMemorySigningKey('ECDSA-P256').publicKey), false);
  assert.equal(verifyCoseSign1(message, rsaKey.publicKey), false, 'an ES256 message never verifies against an RSA key');
  assert.equal(verifyCoseSign1({ ...message, signature: message.signature.subarray(1) }, ecKey.publicKey), false);
});

test('openssl verifies our ES256 signature over the Sig_structure', async (t) => {
  if (!requireTool(t, 'openssl')) return;
  const message = decodeCoseSign1(await signCoseSign1(payload, ecKey, { kid }));
  const dir = mkdtempSync(join(tmpdir(), 'cose-'));
  // Sig_structure built by hand from RFC 9052, independent of our encoder.
  const sigStructure = Buffer.concat([Buffer.from([0x84, 0x6a]), Buffer.from('Signature1'), byteString(message.protectedBytes), Buffer.from([0x40]), byteString(message.payload)]);
  writeFileSync(join(dir, 'data'), sigStructure);
  writeFileSync(join(dir, 'sig.der'), p1363ToDer(message.signature));
  writeFileSync(join(dir, 'pub.pem'), ecKey.publicKey.export({ format: 'pem', type: 'spki' }));
  const result = spawnSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig.der'), join(dir, 'data')], { encoding: 'utf8' });
  assert.match(result.stdout, /Verified OK/);
});

test('bytes that are not COSE_Sign1 are refused with CoseMalformedError', () => {
  for (const bytes of [new Uint8Array(0), new Uint8Array([0xff]), cborEncoder.encode([1, 2, 3]), cborEncoder.encode({ a: 1 }), cborEncoder.encode([new Uint8Array(0), 5, new Uint8Array(0), new Uint8Array(0)])]) {
    assert.throws(() => decodeCoseSign1(bytes), CoseMalformedError);
  }
});

test('decoding random or mutated bytes either succeeds or throws CoseMalformedError, never anything else', async () => {
  const valid = await signCoseSign1(payload, ecKey, { kid });
  const mutated = fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
    const copy = new Uint8Array(valid);
    copy[i] = b;
    return copy;
  });
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated), (bytes) => {
      try {
        const message = decodeCoseSign1(bytes);
        assert.equal(typeof verifyCoseSign1(message, ecKey.publicKey), 'boolean');
      } catch (error) {
        assert.ok(error instanceof CoseMalformedError, String(error));
      }
    }),
    { numRuns: 2000 },
  );
});

function byteString(bytes: Uint8Array): Buffer {
  const length = bytes.length;
  const head = length < 24 ? [0x40 + length] : length < 256 ? [0x58, length] : [0x59, length >> 8, length & 0xff];
  return Buffer.concat([Buffer.from(head), Buffer.from(bytes)]);
}

function p1363ToDer(signature: Uint8Array): Buffer {
  const integer = (half: Uint8Array) => {
    let bytes = Buffer.from(half);
    while (bytes.length > 1 && bytes[0] === 0 && bytes[1]! < 0x80) bytes = bytes.subarray(1);
    if (bytes[0]! >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
  };
  const body = Buffer.concat([integer(signature.subarray(0, 32)), integer(signature.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
