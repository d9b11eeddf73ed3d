import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuplicateLicenceError, InvalidRegistryValueError, RegistryEntryNotFoundError } from './errors';
import { sampleFacility, useTestRegistry } from './test-support';

const t = useTestRegistry();

test('a new facility is free for two years from joining', async () => {
  const facility = await t.registry.createFacility(sampleFacility({ joinedAt: new Date('2026-02-28T17:00:00Z') }));
  assert.equal(facility.freeUntil.toISOString(), '2028-02-28T17:00:00.000Z');
  assert.deepEqual(await t.registry.getFacility(facility.id), facility);
});

test('province codes are stored upper case and checked against the ISO 3166-2:TH list', async () => {
  assert.equal((await t.registry.createFacility(sampleFacility({ province: 'th-s' }))).province, 'TH-S');
  await assert.rejects(t.registry.createFacility(sampleFacility({ province: 'TH-99' })), InvalidRegistryValueError);
  await assert.rejects(t.registry.createFacility(sampleFacility({ province: 'Bangkok' })), /ISO 3166-2:TH/);
});

test('a second facility with the same licence number is a conflict', async () => {
  const first = await t.registry.createFacility(sampleFacility());
  await assert.rejects(t.registry.createFacility(sampleFacility({ licenceNumber: first.licenceNumber })), DuplicateLicenceError);
});

test('bad kinds and missing names are listed together', async () => {
  await assert.rejects(t.registry.createFacility(sampleFacility({ kind: 'spa' as 'pharmacy', nameEn: ' ' })), (error: Error) => /kind must be one of/.test(error.message) && /name in Thai and in English/.test(error.message));
});

test('an unknown id is a typed not-found error', async () => {
  await assert.rejects(t.registry.getFacility('00000000-0000-4000-8000-000000000000'), RegistryEntryNotFoundError);
});
