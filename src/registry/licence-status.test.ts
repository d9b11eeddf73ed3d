import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleFacility, samplePractitioner, useTestRegistry } from './test-support';

const t = useTestRegistry();

const at = (iso: string) => new Date(iso);

test('the status at a past time is the latest row in effect then, not the current one', async () => {
  const { id } = await t.registry.createPractitioner(samplePractitioner());
  await t.registry.appendLicenceStatus('practitioner', id, { status: 'active', effectiveFrom: at('2015-01-01T00:00:00Z') });
  await t.registry.appendLicenceStatus('practitioner', id, { status: 'suspended', effectiveFrom: at('2024-03-01T00:00:00Z'), note: 'Medical Council order' });
  await t.registry.appendLicenceStatus('practitioner', id, { status: 'active', effectiveFrom: at('2024-09-01T00:00:00Z') });

  assert.equal(await t.registry.practitionerLicenceStatusAt(id, at('2014-12-31T23:59:59Z')), null, 'nothing recorded yet');
  assert.equal(await t.registry.practitionerLicenceStatusAt(id, at('2024-02-29T23:59:59Z')), 'active');
  assert.equal(await t.registry.practitionerLicenceStatusAt(id, at('2024-03-01T00:00:00Z')), 'suspended', 'a status holds from its effective instant');
  assert.equal(await t.registry.practitionerLicenceStatusAt(id, at('2024-06-15T00:00:00Z')), 'suspended');
  assert.equal(await t.registry.practitionerLicenceStatusAt(id, at('2025-01-01T00:00:00Z')), 'active');
});

test('a status recorded later for an earlier date applies from that date on (retroactive revocation)', async () => {
  const { id } = await t.registry.createPractitioner(samplePractitioner());
  await t.registry.appendLicenceStatus('practitioner', id, { status: 'active', effectiveFrom: at('2018-01-01T00:00:00Z') });
  assert.equal(await t.registry.practitionerLicenceStatusAt(id, at('2023-06-01T00:00:00Z')), 'active');
  await t.registry.appendLicenceStatus('practitioner', id, { status: 'revoked', effectiveFrom: at('2023-01-01T00:00:00Z') });
  assert.equal(await t.registry.practitionerLicenceStatusAt(id, at('2023-06-01T00:00:00Z')), 'revoked');
  assert.equal(await t.registry.practitionerLicenceStatusAt(id, at('2022-12-31T00:00:00Z')), 'active');
});

test('for two rows with the same effective date the later-recorded one wins (a correction)', async () => {
  const { id } = await t.registry.createFacility(sampleFacility());
  await t.registry.appendLicenceStatus('facility', id, { status: 'suspended', effectiveFrom: at('2025-05-01T00:00:00Z') });
  await t.registry.appendLicenceStatus('facility', id, { status: 'active', effectiveFrom: at('2025-05-01T00:00:00Z'), note: 'suspension entered by mistake' });
  assert.equal(await t.registry.facilityLicenceStatusAt(id, at('2025-06-01T00:00:00Z')), 'active');
  const history = await t.registry.licenceHistory('facility', id);
  assert.deepEqual(history.map((h) => h.status), ['suspended', 'active'], 'both rows stay in the history');
});

test('the history tables refuse UPDATE, DELETE and TRUNCATE', async () => {
  const { id } = await t.registry.createFacility(sampleFacility());
  await t.registry.appendLicenceStatus('facility', id, { status: 'active', effectiveFrom: at('2020-01-01T00:00:00Z') });
  await assert.rejects(t.database.executeSql(`UPDATE facility_licence_status SET status = 'revoked' WHERE facility_id = $1`, [id]), /append-only/);
  await assert.rejects(t.database.executeSql(`DELETE FROM facility_licence_status WHERE facility_id = $1`, [id]), /append-only/);
  await assert.rejects(t.database.executeSql('TRUNCATE practitioner_licence_status'), /append-only/);
  assert.equal(await t.registry.facilityLicenceStatusAt(id, new Date()), 'active');
});

test('an unknown status value is refused by the database', async () => {
  const { id } = await t.registry.createFacility(sampleFacility());
  await assert.rejects(t.registry.appendLicenceStatus('facility', id, { status: 'paused' as 'active', effectiveFrom: new Date() }));
});
