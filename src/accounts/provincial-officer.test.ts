import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuditLog } from '../audit/audit-log';
import type { DatabaseHandle } from '../db/database';
import { InvalidInputError } from '../errors';
import { createTestDatabase } from '../test-support/database';
import { deriveAccountKeys } from './account-keys';
import { createAccounts, type Accounts } from './accounts';
import { callerForUser } from './caller';

let database: DatabaseHandle;
let accounts: Accounts;

before(async () => {
  database = await createTestDatabase();
  accounts = createAccounts({ db: database.db, audit: createAuditLog({ db: database.db }), keys: deriveAccountKeys('k'), scrypt: { N: 1024, r: 8, p: 1 } });
});
after(() => database.close());

test('a provincial officer carries their province into the caller', async () => {
  const { id } = await accounts.createUser({ username: 'officer.cm', password: 'officer password', platformRole: 'provincial_officer', province: 'เชียงใหม่' });
  const caller = await callerForUser({ db: database.db, now: () => new Date() } as Parameters<typeof callerForUser>[0], id);
  assert.equal(caller?.platformRole, 'provincial_officer');
  assert.equal(caller?.province, 'เชียงใหม่');
});

test('a provincial officer without a province, or anyone else with one, is refused and not created', async () => {
  await assert.rejects(accounts.createUser({ username: 'officer.none', password: 'officer password', platformRole: 'provincial_officer' }), InvalidInputError);
  await assert.rejects(accounts.createUser({ username: 'citizen.cm', password: 'citizen password', platformRole: 'citizen', province: 'เชียงใหม่' }), InvalidInputError);
  const rows = await database.db.selectFrom('users').select('username').where('username', 'in', ['officer.none', 'citizen.cm']).execute();
  assert.deepEqual(rows, []);
});

test('the database itself refuses an officer without a province', async () => {
  await assert.rejects(
    database.db.insertInto('users').values({ username: 'raw.officer', password_hash: 'x', totp_secret_sealed: null, totp_last_step: null, platform_role: 'provincial_officer', practitioner_id: null, citizen_subject_key: null, disabled_at: null }).execute(),
    /users_officer_province_check/,
  );
});
