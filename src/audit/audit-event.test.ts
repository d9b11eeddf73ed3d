import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normaliseEvent, type AuditDetailValue } from './audit-event';
import { InvalidAuditEventError } from './errors';

const base = { actor: 'user:7f1c', action: 'certificate.issued', targetKind: 'certificate', targetId: 'c-1' };
const detailValue: fc.Arbitrary<AuditDetailValue> = fc.oneof(fc.string({ unit: 'grapheme' }), fc.double(), fc.boolean(), fc.constant(null));

test('any details either normalise to short, Thai-free, ID-free scalars or are refused with the audit error', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string(), detailValue, { maxKeys: 20 }), (details) => {
      try {
        const event = normaliseEvent({ ...base, details });
        for (const value of Object.values(event.details)) {
          if (typeof value === 'string') assert.ok(value.length <= 200 && !/(?<![0-9A-Za-z])\d{13}(?![0-9A-Za-z])|[\u0E00-\u0E7F]/.test(value));
          if (typeof value === 'number') assert.ok(Number.isFinite(value));
        }
      } catch (error) {
        assert.ok(error instanceof InvalidAuditEventError, String(error));
      }
    }),
  );
});

test('a Thai national ID or Thai name is refused wherever it is put', () => {
  fc.assert(
    fc.property(fc.constantFrom('1101700203450', 'สมชาย ใจดี'), fc.constantFrom('actor', 'targetId', 'detail'), (personal, where) => {
      const input = where === 'detail' ? { ...base, details: { ref: `x ${personal}` } } : { ...base, [where]: personal };
      assert.throws(() => normaliseEvent(input), InvalidAuditEventError);
    }),
  );
});

test('digests and certificate serials pass even when they hold a run of 13 digits', () => {
  const digest = '4713bc45d4594e3e96ef1234567890123f282aa0b1c2d3e4f5a6b7c8d9e0f1a2';
  assert.equal(normaliseEvent({ ...base, details: { sha256: digest, serial: '0a1234567890123b' } }).details.sha256, digest);
});

test('facility ids are normalised to lower case so the stored value hashes the same', () => {
  assert.equal(normaliseEvent({ ...base, facilityId: 'A3BB189E-8BF9-3888-9912-ACE4E6543002' }).facilityId, 'a3bb189e-8bf9-3888-9912-ace4e6543002');
});
