import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../test-support/database';
import type { DatabaseHandle } from '../db/database';
import { RegistryService } from './service';
import { DuplicateLicenceError, InvalidRegistryValueError, RegistryEntryNotFoundError } from './errors';
import { samplePractitioner } from './test-support';

let database: DatabaseHandle;
let registry: RegistryService;
before(async () => {
  database = await createTestDatabase();
  registry = new RegistryService(database.db);
});
after(() => database.close());

test('a practitioner keeps its specialties; its licence number is unique per profession only', async () => {
  const doctor = await registry.createPractitioner(samplePractitioner({ licenceNumber: '55555', specialties: ['Pediatrics', ' Pediatrics', 'Anesthesiology'] }));
  assert.deepEqual((await registry.getPractitioner(doctor.id)).specialties, ['Anesthesiology', 'Pediatrics']);
  await registry.createPractitioner(samplePractitioner({ licenceNumber: '55555', profession: 'nurse' }));
  await assert.rejects(registry.createPractitioner(samplePractitioner({ licenceNumber: '55555' })), DuplicateLicenceError);
});

test('a practitioner with a wrong national ID check digit is refused without echoing it', async () => {
  await assert.rejects(
    registry.createPractitioner(samplePractitioner({ nationalId: '3100500123457' })),
    (error: Error) => error instanceof InvalidRegistryValueError && /check digit/.test(error.message) && !error.message.includes('3100500123457'),
  );
});

test('an unknown id is a typed not-found error', async () => {
  await assert.rejects(registry.getPractitioner('00000000-0000-4000-8000-000000000000'), RegistryEntryNotFoundError);
});
