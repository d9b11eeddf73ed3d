import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { cborEncoder, signCoseSign1 } from '../cose/sign1';
import { decodeBase45, encodeBase45 } from './base45';
import { createSelfSignedDsc } from './document-signer';
import { DscInvalidError } from './errors';
import { decompress, encodeHc1 } from './hc1';
import { issueDcc } from './issue';
import { samplePayloads } from './sample-payloads';
import { trustFromCertificates, trustFromGatewayList } from './trust';
import { loadValueSets } from './value-set-catalog';
import { stageNames, verifyDcc, verifyHc1, type DccVerification } from './verify';

const { signer } = await createSelfSignedDsc();
const other = (await createSelfSignedDsc()).signer;
const trust = trustFromCertificates([signer.dsc]);
const now = new Date('2026-01-10T08:00:00Z');
const options = { trust, at: now };
const issued = await issueDcc(samplePayloads.v, { signer, valueSets: loadValueSets(), now });
const compressed = decodeBase45(issued.hc1.slice(4))!;
const cose = decompress(compressed)!;

/** Stages run in order: once one fails, the decoding chain stops (only a malformed COSE also fails verify). */
function assertWellFormed(result: DccVerification): void {
  for (const name of stageNames) assert.ok([true, false, null].includes(result.stages[name]), name);
  assert.equal(typeof result.valid, 'boolean');
  if (result.valid) assert.ok(stageNames.every((name) => result.stages[name] !== false));
  const chain = ['unprefix', 'b45decode', 'decompress', 'decode'] as const;
  const firstFailure = chain.findIndex((name) => result.stages[name] === false);
  if (firstFailure >= 0) for (const name of chain.slice(firstFailure + 1)) assert.equal(result.stages[name], null);
}

test('a wrong prefix, bad base45, data that is not zlib and a non-COSE body each fail their own stage and stop there', () => {
  const cases: [unknown, string][] = [
    ['HC2:' + issued.hc1.slice(4), 'unprefix'],
    [issued.hc1.slice(4), 'unprefix'],
    [undefined, 'unprefix'],
    [42, 'unprefix'],
    ['HC1:ab', 'b45decode'],
    ['HC1:A', 'b45decode'],
    ['HC1:GGW', 'b45decode'],
    ['HC1:' + encodeBase45(cose), 'decompress'],
    ['HC1:' + encodeBase45(deflateSync(Buffer.from('not cbor at all'))), 'decode'],
  ];
  for (const [input, failing] of cases) {
    const result = verifyHc1(input, options);
    assertWellFormed(result);
    assert.equal(result.stages[failing as keyof typeof result.stages], false, `${String(input).slice(0, 12)} should fail ${failing}`);
    assert.equal(result.valid, false);
  }
});

test('a message signed by another key, or one whose kid is not trusted, fails verify but still shows the decoded stages', async () => {
  const foreign = await issueDcc(samplePayloads.v, { signer: other, valueSets: loadValueSets(), now });
  const result = verifyHc1(foreign.hc1, options);
  assert.equal(result.stages.decode, true);
  assert.equal(result.stages.verify, false);
  assert.equal(result.stages.keyUsage, null);
  assert.equal(result.valid, false);
  // The same kid but another key: the signature does not verify.
  const impostor = trustFromCertificates([{ ...signer.dsc, publicKey: other.dsc.publicKey }]);
  assert.equal(verifyHc1(issued.hc1, { trust: impostor, at: now }).stages.verify, false);
});

test('before iat, after exp, or at an invalid clock the expiration stage fails', () => {
  assert.equal(verifyHc1(issued.hc1, { trust, at: new Date('not a date') }).stages.expiration, false);
  assert.equal(verifyHc1(issued.hc1, { trust, at: new Date(now.getTime() - 1000) }).stages.expiration, false);
  assert.equal(verifyHc1(issued.hc1, { trust, at: new Date(now.getTime() + 366 * 86_400_000) }).stages.expiration, false);
});

test('a gateway DSC list (array or {"certificates"}) is trusted by recomputed kid; malformed lists are refused', () => {
  const entry = { kid: 'ignored', country: 'TH', certificateType: 'DSC', rawData: Buffer.from(signer.dsc.der).toString('base64') };
  for (const list of [[entry], { certificates: [entry, { ...entry, certificateType: 'CSCA' }] }]) {
    assert.equal(verifyHc1(issued.hc1, { trust: trustFromGatewayList(JSON.stringify(list)), at: now }).valid, true);
  }
  for (const bad of ['', '{', '{"certificates": 3}', '[{"rawData": 5}]', '[{"rawData": "bm90IGEgY2VydA=="}]']) {
    assert.throws(() => trustFromGatewayList(bad), DscInvalidError, bad);
  }
});

const mutateString = fc.tuple(fc.nat(), fc.string({ minLength: 0, maxLength: 3 }), fc.nat({ max: 3 })).map(([at, insert, remove]) => {
  const i = at % issued.hc1.length;
  return issued.hc1.slice(0, i) + insert + issued.hc1.slice(i + remove);
});
const mutateBytes = (bytes: Uint8Array) =>
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }).map((edits) => {
    const copy = new Uint8Array(bytes);
    for (const [at, value] of edits) copy[at % copy.length] = value;
    return copy;
  });

test('random mutations of the HC1 string, the compressed bytes and the COSE never crash the verifier', () => {
  fc.assert(
    fc.property(mutateString, (hc1) => {
      const result = verifyHc1(hc1, options);
      assertWellFormed(result);
      if (hc1 !== issued.hc1) assert.equal(result.valid, false);
    }),
    { numRuns: 1500 },
  );
  fc.assert(fc.property(mutateBytes(compressed), (bytes) => assertWellFormed(verifyHc1('HC1:' + encodeBase45(bytes), options))), { numRuns: 1500 });
  fc.assert(fc.property(mutateBytes(cose), (bytes) => assertWellFormed(verifyDcc({ cose: bytes }, options))), { numRuns: 1500 });
});

test('validly signed CWTs with arbitrary CBOR content never crash the later stages', async () => {
  const claims = fc.oneof(
    fc.anything(),
    fc.record({ 1: fc.anything(), 4: fc.oneof(fc.integer(), fc.double(), fc.string()), 6: fc.anything(), '-260': fc.anything() }).map(
      (record) => new Map<unknown, unknown>(Object.entries(record).map(([key, value]) => [Number(key), value])),
    ),
    fc.anything().map((payload) => new Map([[-260, new Map([[1, payload]])]])),
  );
  await fc.assert(
    fc.asyncProperty(claims, async (value) => {
      const hc1 = encodeHc1(await signCoseSign1(cborEncoder.encode(value), signer.key, { kid: signer.dsc.kid }));
      const result = verifyHc1(hc1, options);
      assertWellFormed(result);
      assert.equal(result.stages.verify, true);
    }),
    { numRuns: 500 },
  );
});
