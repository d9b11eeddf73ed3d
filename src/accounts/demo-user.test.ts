import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuditLog } from '../audit/audit-log';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { deriveAccountKeys } from './account-keys';
import { createAccounts, type Accounts } from './accounts';
import { totpCode } from './totp';

let database: DatabaseHandle;
let accounts: Accounts;
let practitionerId: string;

before(async () => {
  database = await createTestDatabase();
  accounts = createAccounts({ db: database.db, audit: createAuditLog({ db: database.db }), keys: deriveAccountKeys('demo-kek'), scrypt: { N: 1024, r: 8, p: 1 } });
  const practitioner = await database.db
    .insertInto('practitioners')
    .values({ profession: 'physician', licence_number: 'ว.1', name_th: 'หมอ', name_en: 'Doctor', national_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  practitionerId = practitioner.id;
});
after(() => database.close());

test('the demo Station login is the same on every run and signs in with password and TOTP', async () => {
  const first = await accounts.ensureDemoUser({ username: 'demo.doctor', practitionerId });
  const second = await accounts.ensureDemoUser({ username: 'demo.doctor', practitionerId });
  assert.deepEqual(second, first);
  assert.equal((await database.db.selectFrom('users').select('id').execute()).length, 1);
  const session = await accounts.login({ username: 'demo.doctor', password: first.password, totp: totpCode(first.totpSecret, new Date()) }, {});
  assert.equal(session.userId, first.userId);
  assert.equal((await accounts.callerForSession(session.token))?.practitionerId, practitionerId);
});
