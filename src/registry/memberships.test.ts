import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../test-support/database';
import type { DatabaseHandle } from '../db/database';
import { RegistryService } from './service';
import { InvalidRegistryValueError, RegistryEntryNotFoundError } from './errors';
import { sampleFacility, seedSigner } from './test-support';

let database: DatabaseHandle;
let registry: RegistryService;
before(async () => {
  database = await createTestDatabase();
  registry = new RegistryService(database.db);
});
after(() => database.close());

test('a signer member is a signer at that facility only', async () => {
  const { facility, practitioner } = await seedSigner(registry);
  const other = await registry.createFacility(sampleFacility());
  assert.equal(await registry.isSigner(practitioner.id, facility.id), true);
  assert.equal(await registry.isSigner(practitioner.id, other.id), false);
});

test('staff and admin roles do not make a signer', async () => {
  const { practitioner } = await seedSigner(registry);
  const clinic = await registry.createFacility(sampleFacility());
  await registry.addMembership({ facilityId: clinic.id, practitionerId: practitioner.id, role: 'staff' });
  await registry.addMembership({ facilityId: clinic.id, practitionerId: practitioner.id, role: 'admin' });
  assert.equal(await registry.isSigner(practitioner.id, clinic.id), false);
  const roles = (await registry.membershipsOfPractitioner(practitioner.id)).filter((m) => m.facilityId === clinic.id).map((m) => m.role);
  assert.deepEqual(roles.sort(), ['admin', 'staff']);
});

test('an ended membership stops counting from its end but still answers for the time before', async () => {
  const { facility, practitioner, membership } = await seedSigner(registry);
  await registry.endMembership(membership.id, new Date('2025-01-01T00:00:00Z'));
  assert.equal(await registry.isSigner(practitioner.id, facility.id, new Date('2024-12-31T00:00:00Z')), true);
  assert.equal(await registry.isSigner(practitioner.id, facility.id), false);
  assert.deepEqual(await registry.membershipsOfPractitioner(practitioner.id), []);
  await assert.rejects(registry.endMembership(membership.id), RegistryEntryNotFoundError);
});

test('adding an open membership twice returns the same one', async () => {
  const { facility, practitioner, membership } = await seedSigner(registry);
  const again = await registry.addMembership({ facilityId: facility.id, practitionerId: practitioner.id, role: 'signer' });
  assert.equal(again.id, membership.id);
});

test('an unknown role is a typed input error', async () => {
  const { facility, practitioner } = await seedSigner(registry);
  await assert.rejects(registry.addMembership({ facilityId: facility.id, practitionerId: practitioner.id, role: 'owner' as 'admin' }), InvalidRegistryValueError);
});
