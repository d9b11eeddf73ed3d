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

const callerOf = (id: string) => callerForUser({ db: database.db, now: () => new Date() } as Parameters<typeof callerForUser>[0], id);

test('a provincial officer carries their province, as its ISO code, into the caller', async () => {
  const { id } = await accounts.createUser({ username: 'officer.cm', password: 'officer password', platformRole: 'provincial_officer', province: 'TH-50' });
  const caller = await callerOf(id);
  assert.equal(caller?.platformRole, 'provincial_officer');
  assert.equal(caller?.province, 'TH-50');
});

test("an officer's province may be given by its Thai or English name or a code in any case, and is stored as the code", async () => {
  for (const [username, given, stored] of [
    ['officer.th', 'เชียงใหม่', 'TH-50'],
    ['officer.th2', 'จังหวัดนครราชสีมา', 'TH-30'],
    ['officer.en', 'Chiang Rai', 'TH-57'],
    ['officer.en2', 'lopburi', 'TH-16'],
    ['officer.code', ' th-10 ', 'TH-10'],
    ['officer.pattaya', 'Pattaya', 'TH-S'],
  ] as const) {
    const { id } = await accounts.createUser({ username, password: 'officer password', platformRole: 'provincial_officer', province: given });
    assert.equal((await callerOf(id))?.province, stored, given);
  }
});

test('an unknown province is refused with a sentence that says what to give, and nothing is created', async () => {
  for (const [username, given] of [
    ['officer.nowhere', 'Atlantis'],
    ['officer.th99', 'TH-99'],
    ['officer.blank', '   '],
  ] as const) {
    await assert.rejects(accounts.createUser({ username, password: 'officer password', platformRole: 'provincial_officer', province: given }), (error: unknown) => {
      assert.ok(error instanceof InvalidInputError);
      assert.match(error.message, /province/);
      return true;
    });
  }
  const rows = await database.db.selectFrom('users').select('username').where('username', 'in', ['officer.nowhere', 'officer.th99', 'officer.blank']).execute();
  assert.deepEqual(rows, []);
});

test('a provincial officer without a province, or anyone else with one, is refused and not created', async () => {
  await assert.rejects(accounts.createUser({ username: 'officer.none', password: 'officer password', platformRole: 'provincial_officer' }), InvalidInputError);
  await assert.rejects(accounts.createUser({ username: 'citizen.cm', password: 'citizen password', platformRole: 'citizen', province: 'TH-50' }), InvalidInputError);
  const rows = await database.db.selectFrom('users').select('username').where('username', 'in', ['officer.none', 'citizen.cm']).execute();
  assert.deepEqual(rows, []);
});

test('the database itself refuses an officer without a province, or with a province that is not a code', async () => {
  const raw = { password_hash: 'x', totp_secret_sealed: null, totp_last_step: null, platform_role: 'provincial_officer' as const, practitioner_id: null, citizen_subject_key: null, disabled_at: null };
  await assert.rejects(database.db.insertInto('users').values({ ...raw, username: 'raw.officer' }).execute(), /users_officer_province_check/);
  await assert.rejects(database.db.insertInto('users').values({ ...raw, username: 'raw.named', province: 'เชียงใหม่' }).execute(), /users_province_code_check/);
});
