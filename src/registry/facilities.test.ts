import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../test-support/database';
import type { DatabaseHandle } from '../db/database';
import { RegistryService } from './service';
import { DuplicateLicenceError, InvalidRegistryValueError, RegistryEntryNotFoundError } from './errors';
import { sampleFacility, samplePractitioner } from './test-support';

let database: DatabaseHandle;
let registry: RegistryService;
before(async () => {
  database = await createTestDatabase();
  registry = new RegistryService(database.db);
});
after(() => database.close());

test('a new facility is free for two years from joining', async () => {
  const facility = await registry.createFacility(sampleFacility({ joinedAt: new Date('2026-02-28T17:00:00Z') }));
  assert.equal(facility.freeUntil.toISOString(), '2028-02-28T17:00:00.000Z');
  assert.deepEqual(await registry.getFacility(facility.id), facility);
});

test('province codes are stored upper case and checked against the ISO 3166-2:TH list', async () => {
  assert.equal((await registry.createFacility(sampleFacility({ province: 'th-s' }))).province, 'TH-S');
  await assert.rejects(registry.createFacility(sampleFacility({ province: 'TH-99' })), InvalidRegistryValueError);
  await assert.rejects(registry.createFacility(sampleFacility({ province: 'Bangkok' })), /ISO 3166-2:TH/);
});

test('a second facility with the same licence number is a conflict', async () => {
  const first = await registry.createFacility(sampleFacility());
  await assert.rejects(registry.createFacility(sampleFacility({ licenceNumber: first.licenceNumber })), DuplicateLicenceError);
});

test('bad kinds and missing names are listed together', async () => {
  await assert.rejects(registry.createFacility(sampleFacility({ kind: 'spa' as 'pharmacy', nameEn: ' ' })), (error: Error) => /kind must be one of/.test(error.message) && /name in Thai and in English/.test(error.message));
});

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

test('unknown ids are typed not-found errors', async () => {
  await assert.rejects(registry.getFacility('00000000-0000-4000-8000-000000000000'), RegistryEntryNotFoundError);
  await assert.rejects(registry.getPractitioner('00000000-0000-4000-8000-000000000000'), RegistryEntryNotFoundError);
});
