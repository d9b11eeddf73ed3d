import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { UsernameTakenError } from '../accounts/errors';
import { InvalidInputError, UsageError } from '../errors';
import { captureOutput, useCliDataDir } from '../test-support/cli-data-dir';
import { run } from './accounts';
import { withContext } from './open-context';

useCliDataDir('accounts-cli');
const stdin = (text: string) => Readable.from([Buffer.from(text)]);
const runCapturing = (args: string[], input: string) => captureOutput(() => run(args, stdin(input)));

test('creates a platform operator with TOTP from a password on stdin and prints the URI once', async () => {
  const { code, out } = await runCapturing(['create-user', '--username', 'ops@moph.go.th', '--role', 'platform_operator', '--totp'], 'a strong operator password\n');
  assert.equal(code, 0);
  assert.match(out, /^Created user [0-9a-f-]{36}\.\nAdd this to the authenticator app \(shown once\): otpauth:\/\/totp\/medcert:ops%40moph\.go\.th\?/);
  await assert.rejects(runCapturing(['create-user', '--username', 'OPS@moph.go.th'], 'another strong password\n'), UsernameTakenError);
});

test('bad input is a usage or input error', async () => {
  await assert.rejects(run(['create-user'], stdin('x')), UsageError);
  await assert.rejects(run(['create-user', '--username', 'a.b', '--role', 'god'], stdin('a strong password')), UsageError);
  await assert.rejects(run(['create-user', '--username', 'a.b', '--practitioner', 'P-1'], stdin('a strong password')), InvalidInputError);
  await assert.rejects(run(['create-user', '--username', 'a.b'], stdin('')), InvalidInputError);
  await assert.rejects(run(['create-user', '--username', 'a.b'], stdin('short\n')), InvalidInputError);
  await assert.rejects(run(['create-user', '--username', 'a b!'], stdin('a strong password')), InvalidInputError);
});

test("a provincial officer's --province may be a code or a Thai or English name; the code is stored, an unknown one refused", async () => {
  const { code, out } = await runCapturing(['create-user', '--username', 'officer.cm', '--role', 'provincial_officer', '--province', 'เชียงใหม่', '--json'], 'a strong officer password\n');
  assert.equal(code, 0);
  const { id } = JSON.parse(out);
  const row = await withContext((ctx) => ctx.db.selectFrom('users').select('province').where('id', '=', id).executeTakeFirstOrThrow());
  assert.equal(row.province, 'TH-50');
  await assert.rejects(run(['create-user', '--username', 'officer.x', '--role', 'provincial_officer', '--province', 'Chaing Mai'], stdin('a strong officer password')), /not a Thai province/);
});
