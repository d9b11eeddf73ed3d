import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvalidInputError } from '../../errors';
import { atkBundle } from './fixtures';
import { readLabBundle } from './read-bundle';

test('reads patient, practitioner, organization and LOINC observations from a Bundle', () => {
  const read = readLabBundle(atkBundle());
  assert.equal(read.patient.nationalId, '1101700203450');
  assert.equal(read.patient.nameTh, 'น้ำฝน ตั้งใจดี');
  assert.equal(read.patient.nameEn, 'Namfon Tangjaidee');
  assert.equal(read.practitionerLicence, 'ว.12345');
  assert.equal(read.organizationLicence, '10110000123');
  assert.equal(read.report.loinc, '94558-4');
  assert.deepEqual(read.observations.map((o) => [o.loinc, o.value]), [['94558-4', 'Negative']]);
});

test('a reference to a missing Observation names the FHIR path', () => {
  const bundle = atkBundle();
  (bundle.entry[3]!.resource as { result: unknown[] }).result = [{ reference: 'Observation/missing' }];
  assert.throws(() => readLabBundle(bundle), /DiagnosticReport\.result\[0\]/);
});

test('two patients, no practitioner, or no identifier are refused', () => {
  const twoPatients = atkBundle();
  twoPatients.entry.push(twoPatients.entry[0]!);
  assert.throws(() => readLabBundle(twoPatients), /exactly one Patient/);
  const noPractitioner = atkBundle();
  noPractitioner.entry.splice(1, 1);
  assert.throws(() => readLabBundle(noPractitioner), /exactly one Practitioner/);
  const noIdentifier = atkBundle();
  delete (noIdentifier.entry[0]!.resource as { identifier?: unknown }).identifier;
  assert.throws(() => readLabBundle(noIdentifier), /national ID/);
});

test('any JSON value is either read or refused with an input error, never a crash', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      try {
        readLabBundle(value);
      } catch (error) {
        assert.ok(error instanceof InvalidInputError, String(error));
      }
    }),
    { numRuns: 300 },
  );
});
