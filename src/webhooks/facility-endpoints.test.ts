import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '../db/database';
import type { ChannelFollower } from '../db/notifications';
import { createTestDatabase } from '../test-support/database';
import { createFacilityEndpoints, webhookEndpointsChannel } from './facility-endpoints';

let database: DatabaseHandle;
before(async () => (database = await createTestDatabase()));
after(() => database.close());

async function newFacility(): Promise<string> {
  const row = await database.db
    .insertInto('facilities')
    .values({ licence_number: `F-${randomUUID()}`, kind: 'private_hospital', name_th: 'โรงพยาบาล', name_en: 'Hospital', province: 'TH-10', address: 'Bangkok', free_until: new Date('2028-01-01') })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const addEndpoint = (facilityId: string) =>
  database.db.insertInto('webhook_endpoints').values({ facility_id: facilityId, url: 'https://his.example/hooks', secret: 'whsec-test-only', events: JSON.stringify(['certificate.issued']) }).returning('id').executeTakeFirstOrThrow();

/** A channel this test drives by hand: it listens at once and hears only what the test tells it. */
function handDrivenChannel() {
  let follower: ChannelFollower | undefined;
  return {
    follow: async (f: ChannelFollower) => {
      follower = f;
      f.listening();
    },
    get follower() {
      return follower!;
    },
  };
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('the change was not seen within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('an endpoint added, then disabled, directly in the database is seen by later lookups through the real channel', async () => {
  const endpoints = createFacilityEndpoints(database.db, { follow: (follower) => database.follow(webhookEndpointsChannel, follower) });
  const facilityId = await newFacility();
  assert.deepEqual(await endpoints.of(facilityId), []);
  const endpoint = await addEndpoint(facilityId);
  await eventually(async () => (await endpoints.of(facilityId)).length === 1);
  await database.db.updateTable('webhook_endpoints').set({ disabled_at: new Date() }).where('id', '=', endpoint.id).execute();
  await eventually(async () => (await endpoints.of(facilityId)).length === 0);
});

test('while the channel listens, a facility is read once; any change announced reads it again', async () => {
  const channel = handDrivenChannel();
  const endpoints = createFacilityEndpoints(database.db, { follow: channel.follow });
  const facilityId = await newFacility();
  assert.deepEqual(await endpoints.of(facilityId), []);
  await addEndpoint(facilityId);
  assert.deepEqual(await endpoints.of(facilityId), [], 'served from memory: the hand-driven channel has announced nothing');
  channel.follower.notified('*');
  assert.equal((await endpoints.of(facilityId)).length, 1);
});

test('when the channel drops, every lookup reads the table until it listens again', async () => {
  const channel = handDrivenChannel();
  const endpoints = createFacilityEndpoints(database.db, { follow: channel.follow });
  const facilityId = await newFacility();
  assert.deepEqual(await endpoints.of(facilityId), []);
  channel.follower.interrupted();
  await addEndpoint(facilityId);
  assert.equal((await endpoints.of(facilityId)).length, 1);
  await addEndpoint(facilityId);
  assert.equal((await endpoints.of(facilityId)).length, 2);
});

test('a lookup in flight when a change is announced is answered but not kept', async () => {
  const channel = handDrivenChannel();
  const endpoints = createFacilityEndpoints(database.db, { follow: channel.follow });
  const facilityId = await newFacility();
  await endpoints.of(await newFacility());
  const inFlight = endpoints.of(facilityId);
  channel.follower.notified('*');
  assert.deepEqual(await inFlight, []);
  await addEndpoint(facilityId);
  assert.equal((await endpoints.of(facilityId)).length, 1);
});

test('without a channel every lookup reads the table', async () => {
  const endpoints = createFacilityEndpoints(database.db);
  const facilityId = await newFacility();
  assert.deepEqual(await endpoints.of(facilityId), []);
  await addEndpoint(facilityId);
  assert.equal((await endpoints.of(facilityId)).length, 1);
});
