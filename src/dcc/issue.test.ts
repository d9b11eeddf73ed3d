import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { decodeCoseSign1 } from '../cose/sign1';
import { decodeBase45 } from './base45';
import { createSelfSignedDsc } from './document-signer';
import { DccPayloadInvalidError, DccSignerUnavailableError } from './errors';
import { decompress } from './hc1';
import { decodeHcertClaims } from './hcert';
import { issueDcc } from './issue';
import { readQrPng, renderHc1QrPng } from './qr-image';
import { trustFromCertificates } from './trust';
import { isValidUvci } from './uvci';
import { loadValueSets } from './value-set-catalog';
import { verifyHc1 } from './verify';
import { samplePayloads } from './sample-payloads';

const valueSets = loadValueSets();
const { signer } = await createSelfSignedDsc();
const trust = trustFromCertificates([signer.dsc]);
const now = new Date('2026-01-10T08:00:00Z');

for (const [type, payload] of Object.entries(samplePayloads)) {
  test(`an issued ${type} certificate verifies through every stage, with our kid and a fresh UVCI`, async () => {
    const issued = await issueDcc(payload, { signer, valueSets, now });
    assert.match(issued.hc1, /^HC1:[0-9A-Z $%*+\-./:]+$/);
    assert.equal(issued.kid, Buffer.from(signer.dsc.kid).toString('base64'));
    assert.ok(isValidUvci(issued.uvci));
    const result = verifyHc1(issued.hc1, { trust, at: new Date(now.getTime() + 60_000) });
    assert.deepEqual(Object.values(result.stages), Array(9).fill(true));
    assert.equal(result.valid, true);
    assert.equal((result.payload![type] as { ci: string }[])[0]!.ci, issued.uvci);
  });
}

test('the CWT carries iss, iat, exp and the payload under -260/1, signed ES256 with the kid in the protected header', async () => {
  const issued = await issueDcc(samplePayloads.v, { signer, valueSets, now });
  const message = decodeCoseSign1(decompress(decodeBase45(issued.hc1.slice(4))!)!);
  assert.equal(message.alg, -7);
  assert.ok(message.protectedHeader.has(4));
  const { claims } = decodeHcertClaims(message.payload)!;
  assert.equal(claims.get(1), 'TH');
  assert.equal(claims.get(6), now.getTime() / 1000);
  assert.equal(claims.get(4), now.getTime() / 1000 + 365 * 86_400);
});

test('a test certificate expires after three days, and fails the expiration stage after', async () => {
  const issued = await issueDcc(samplePayloads.t, { signer, valueSets, now });
  assert.equal(issued.expiresAt.getTime() - now.getTime(), 3 * 86_400_000);
  const later = verifyHc1(issued.hc1, { trust, at: new Date(now.getTime() + 4 * 86_400_000) });
  assert.equal(later.stages.expiration, false);
  assert.equal(later.valid, false);
});

test('a DSC restricted to tests may not sign a vaccination, and its test certificates pass key usage', async () => {
  const testOnly = (await createSelfSignedDsc({ types: ['t'] })).signer;
  await assert.rejects(issueDcc(samplePayloads.v, { signer: testOnly, valueSets, now }), DccSignerUnavailableError);
  const issued = await issueDcc(samplePayloads.t, { signer: testOnly, valueSets, now });
  assert.equal(verifyHc1(issued.hc1, { trust: trustFromCertificates([testOnly.dsc]), at: now }).stages.keyUsage, true);
});

test('payloads that break the schema, the value sets or the one-entry rule are refused with the field, not its value', async () => {
  const cases: unknown[] = [
    null,
    [],
    'text',
    { ...samplePayloads.v, t: samplePayloads.t.t },
    { ...samplePayloads.v, dob: 'yesterday' },
    { ...samplePayloads.v, v: [{ ...samplePayloads.v.v[0], mp: 'NOT-A-VACCINE' }] },
    { ...samplePayloads.t, t: [{ ...samplePayloads.t.t[0], tr: '123' }] },
    { nam: samplePayloads.v.nam, dob: samplePayloads.v.dob },
    { ...samplePayloads.v, v: [] },
    { ...samplePayloads.v, v: [null] },
    { ...samplePayloads.v, v: 'x' },
  ];
  for (const payload of cases) {
    await assert.rejects(issueDcc(payload, { signer, valueSets, now }), (error: unknown) => {
      assert.ok(error instanceof DccPayloadInvalidError, String(error));
      assert.doesNotMatch(error.message, /NOT-A-VACCINE|yesterday|SOMCHAI/);
      return true;
    });
  }
});

test('a recovery whose valid-until date has passed is refused, and one that ends sooner than the default expires with it', async () => {
  await assert.rejects(issueDcc(samplePayloads.r, { signer, valueSets, now: new Date('2026-07-01T00:00:00Z') }), DccPayloadInvalidError);
  const issued = await issueDcc(samplePayloads.r, { signer, valueSets, now });
  assert.equal(issued.expiresAt.toISOString(), '2026-06-18T23:59:59.000Z');
});

test('the QR image holds the HC1 string, readable by an independent decoder (jsQR)', async () => {
  const issued = await issueDcc(samplePayloads.r, { signer, valueSets, now });
  assert.equal(readQrPng(await renderHc1QrPng(issued.hc1)), issued.hc1);
});

test('an RSA DSC key signs PS256, which verifies', async () => {
  const { inMemorySigningKey } = await import('../cose/in-memory-signing-key');
  const { generateKeyPairSync } = await import('node:crypto');
  const rsaKey = inMemorySigningKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const issued = await issueDcc(samplePayloads.v, { signer: { key: rsaKey, dsc: signer.dsc }, valueSets, now });
  const message = decodeCoseSign1(decompress(decodeBase45(issued.hc1.slice(4))!)!);
  assert.equal(message.alg, -37);
  const rsaTrust = trustFromCertificates([{ ...signer.dsc, publicKey: rsaKey.publicKey }]);
  assert.equal(verifyHc1(issued.hc1, { trust: rsaTrust, at: now }).stages.verify, true);
});
