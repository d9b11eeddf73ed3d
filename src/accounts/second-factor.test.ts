import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuditLog } from '../audit/audit-log';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { deriveAccountKeys } from './account-keys';
import { createAccounts, type Accounts } from './accounts';
import { InvalidCredentialsError, TotpRequiredError } from './errors';
import { totpCode } from './totp';

let database: DatabaseHandle;
let accounts: Accounts;
let clock = new Date('2026-11-24T09:00:00Z');
let signer: { id: string; secret: string };
let withoutTotp: string;

before(async () => {
  database = await createTestDatabase();
  accounts = createAccounts({ db: database.db, audit: createAuditLog({ db: database.db }), keys: deriveAccountKeys('k'), scrypt: { N: 1024, r: 8, p: 1 }, now: () => clock });
  const created = await accounts.createUser({ username: 'signer', password: 'signer password', withTotp: true });
  signer = { id: created.id, secret: created.totp!.secret };
  withoutTotp = (await accounts.createUser({ username: 'citizen', password: 'citizen password', platformRole: 'citizen' })).id;
});
after(() => database.close());

test('the TOTP secret is stored sealed, never in clear', async () => {
  const row = await database.db.selectFrom('users').select('totp_secret_sealed').where('id', '=', signer.id).executeTakeFirstOrThrow();
  assert.match(row.totp_secret_sealed!, /^v1\./);
  assert.ok(!row.totp_secret_sealed!.includes(signer.secret));
});

test('a current code approves once; the same code again is refused', async () => {
  const code = totpCode(signer.secret, clock);
  await accounts.verifySecondFactor(signer.id, code);
  await assert.rejects(accounts.verifySecondFactor(signer.id, code), InvalidCredentialsError);
});

test('of two concurrent approvals with one new code, exactly one passes', async () => {
  clock = new Date(clock.getTime() + 30_000);
  const code = totpCode(signer.secret, clock);
  const results = await Promise.allSettled([accounts.verifySecondFactor(signer.id, code), accounts.verifySecondFactor(signer.id, code)]);
  assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
});

test('a missing code, or an account without an authenticator, asks for the second factor', async () => {
  await assert.rejects(accounts.verifySecondFactor(signer.id, undefined), TotpRequiredError);
  await assert.rejects(accounts.verifySecondFactor(withoutTotp, '123456'), TotpRequiredError);
});

test('a code from another secret is refused', async () => {
  clock = new Date(clock.getTime() + 30_000);
  const right = totpCode(signer.secret, clock);
  await assert.rejects(accounts.verifySecondFactor(signer.id, right === '999999' ? '999998' : '999999'), InvalidCredentialsError);
});
