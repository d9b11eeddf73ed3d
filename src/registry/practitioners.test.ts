import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuplicateLicenceError, InvalidRegistryValueError, RegistryEntryNotFoundError } from './errors';
import { samplePractitioner, useTestRegistry } from './test-support';

const t = useTestRegistry();

test('a practitioner keeps its specialties; its licence number is unique per profession only', async () => {
  const doctor = await t.registry.createPractitioner(samplePractitioner({ licenceNumber: '55555', specialties: ['Pediatrics', ' Pediatrics', 'Anesthesiology'] }));
  assert.deepEqual((await t.registry.getPractitioner(doctor.id)).specialties, ['Anesthesiology', 'Pediatrics']);
  await t.registry.createPractitioner(samplePractitioner({ licenceNumber: '55555', profession: 'nurse' }));
  await assert.rejects(t.registry.createPractitioner(samplePractitioner({ licenceNumber: '55555' })), DuplicateLicenceError);
});

test('a practitioner with a wrong national ID check digit is refused without echoing it', async () => {
  await assert.rejects(
    t.registry.createPractitioner(samplePractitioner({ nationalId: '3100500123457' })),
    (error: Error) => error instanceof InvalidRegistryValueError && /check digit/.test(error.message) && !error.message.includes('3100500123457'),
  );
});

test('an unknown id is a typed not-found error', async () => {
  await assert.rejects(t.registry.getPractitioner('00000000-0000-4000-8000-000000000000'), RegistryEntryNotFoundError);
});
