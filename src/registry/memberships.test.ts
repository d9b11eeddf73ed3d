import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidRegistryValueError, RegistryEntryNotFoundError } from './errors';
import { sampleFacility, seedSigner, useTestRegistry } from './test-support';

const t = useTestRegistry();
const isSigner = async (practitionerId: string, facilityId: string, at = new Date()) => (await t.registry.signingStandingAt(practitionerId, facilityId, at)).signer;

test('a signer member is a signer at that facility only', async () => {
  const { facility, practitioner } = await seedSigner(t.registry);
  const other = await t.registry.createFacility(sampleFacility());
  assert.equal(await isSigner(practitioner.id, facility.id), true);
  assert.equal(await isSigner(practitioner.id, other.id), false);
});

test("a signing standing answers both licence statuses as they were and the signer role, in one", async () => {
  const { facility, practitioner } = await seedSigner(t.registry);
  await t.registry.appendLicenceStatus('facility', facility.id, { status: 'active', effectiveFrom: new Date('2020-01-01T00:00:00Z') });
  await t.registry.appendLicenceStatus('practitioner', practitioner.id, { status: 'suspended', effectiveFrom: new Date('2025-06-01T00:00:00Z') });
  assert.deepEqual(await t.registry.signingStandingAt(practitioner.id, facility.id, new Date('2025-01-01T00:00:00Z')), { practitionerStatus: 'active', facilityStatus: 'active', signer: true });
  assert.deepEqual(await t.registry.signingStandingAt(practitioner.id, facility.id, new Date('2025-07-01T00:00:00Z')), { practitionerStatus: 'suspended', facilityStatus: 'active', signer: true });
  assert.deepEqual(await t.registry.signingStandingAt(practitioner.id, facility.id, new Date('2019-01-01T00:00:00Z')), { practitionerStatus: null, facilityStatus: null, signer: false });
});

test('staff and admin roles do not make a signer', async () => {
  const { practitioner } = await seedSigner(t.registry);
  const clinic = await t.registry.createFacility(sampleFacility());
  await t.registry.addMembership({ facilityId: clinic.id, practitionerId: practitioner.id, role: 'staff' });
  await t.registry.addMembership({ facilityId: clinic.id, practitionerId: practitioner.id, role: 'admin' });
  assert.equal(await isSigner(practitioner.id, clinic.id), false);
  const roles = (await t.registry.membershipsOfPractitioner(practitioner.id)).filter((m) => m.facilityId === clinic.id).map((m) => m.role);
  assert.deepEqual(roles.sort(), ['admin', 'staff']);
});

test('an ended membership stops counting from its end but still answers for the time before', async () => {
  const { facility, practitioner, membership } = await seedSigner(t.registry);
  await t.registry.endMembership(membership.id, new Date('2025-01-01T00:00:00Z'));
  assert.equal(await isSigner(practitioner.id, facility.id, new Date('2024-12-31T00:00:00Z')), true);
  assert.equal(await isSigner(practitioner.id, facility.id), false);
  assert.deepEqual(await t.registry.membershipsOfPractitioner(practitioner.id), []);
  await assert.rejects(t.registry.endMembership(membership.id), RegistryEntryNotFoundError);
});

test('adding an open membership twice returns the same one', async () => {
  const { facility, practitioner, membership } = await seedSigner(t.registry);
  const again = await t.registry.addMembership({ facilityId: facility.id, practitionerId: practitioner.id, role: 'signer' });
  assert.equal(again.id, membership.id);
});

test('an unknown role is a typed input error', async () => {
  const { facility, practitioner } = await seedSigner(t.registry);
  await assert.rejects(t.registry.addMembership({ facilityId: facility.id, practitionerId: practitioner.id, role: 'owner' as 'admin' }), InvalidRegistryValueError);
});
