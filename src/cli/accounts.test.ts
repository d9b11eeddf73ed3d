import { after, before, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { UsernameTakenError } from '../accounts/errors';
import { InvalidInputError, UsageError } from '../errors';
import { run } from './accounts';

// The command opens the configured database itself: point it at a PGlite data dir of our own.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-accounts-cli-'));
const saved = { dir: process.env.MEDCERT_DATA_DIR, url: process.env.DATABASE_URL, kek: process.env.MEDCERT_KEK };
const stdin = (text: string) => Readable.from([Buffer.from(text)]);

async function runCapturing(args: string[], input: string): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = mock.method(console, 'log', (line: string) => void lines.push(line));
  try {
    return { code: await run(args, stdin(input)), out: lines.join('\n') };
  } finally {
    log.mock.restore();
  }
}

before(() => {
  process.env.MEDCERT_DATA_DIR = dataDir;
  process.env.MEDCERT_KEK = 'accounts-cli-test';
  delete process.env.DATABASE_URL;
});
after(() => {
  for (const [name, value] of [['MEDCERT_DATA_DIR', saved.dir], ['DATABASE_URL', saved.url], ['MEDCERT_KEK', saved.kek]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

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
