import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuditLog } from '../audit/audit-log';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { deriveAccountKeys } from './account-keys';
import { createAccounts } from './accounts';

let database: DatabaseHandle;
let facilityId: string;
const accountsWith = (kek: string) => createAccounts({ db: database.db, audit: createAuditLog({ db: database.db }), keys: deriveAccountKeys(kek), scrypt: { N: 1024, r: 8, p: 1 } });

before(async () => {
  database = await createTestDatabase();
  const facility = await database.db
    .insertInto('facilities')
    .values({ licence_number: 'DEMO-1', kind: 'medical_clinic', name_th: 'คลินิกสาธิต', name_en: 'Demo clinic', province: 'TH-10', address: 'Bangkok', free_until: new Date('2028-01-01Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  facilityId = facility.id;
});
after(() => database.close());

test('the demo client is the same on every run, and its secret gets a token', async () => {
  const accounts = accountsWith('demo-kek');
  const first = await accounts.ensureDemoClient(facilityId);
  const second = await accounts.ensureDemoClient(facilityId);
  assert.deepEqual(second, first);
  assert.match(first.id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal((await database.db.selectFrom('oauth_clients').select('id').execute()).length, 1);
  const granted = await accounts.grantToken({ body: { grant_type: 'client_credentials', client_id: first.id, client_secret: first.secret } }, {});
  const caller = await accounts.callerForAccessToken(granted.access_token);
  assert.deepEqual(caller?.facilities, [{ facilityId, role: 'client' }]);
});

test('under another KEK the demo secret changes and the old one stops working', async () => {
  const old = await accountsWith('demo-kek').ensureDemoClient(facilityId);
  const rekeyed = await accountsWith('another-kek').ensureDemoClient(facilityId);
  assert.notEqual(rekeyed.secret, old.secret);
  const accounts = accountsWith('another-kek');
  await assert.rejects(accounts.grantToken({ body: { grant_type: 'client_credentials', client_id: old.id, client_secret: old.secret } }, {}), /Client authentication failed/);
});
