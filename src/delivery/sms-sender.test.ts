import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDevelopmentSmsSender } from './sms-sender';

test('in production mode the development sender logs that a code was sent, never the code nor the number', async () => {
  const lines: string[] = [];
  await createDevelopmentSmsSender({ production: true, write: (line) => lines.push(line) }).sendOneTimeCode({ phone: '+66812341234', code: '493817', lang: 'th' });
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /one-time code sent/);
  assert.ok(!lines[0]!.includes('493817'));
  assert.ok(!lines[0]!.includes('812341234'));
});

test('outside production the development sender prints the code for the developer', async () => {
  const lines: string[] = [];
  await createDevelopmentSmsSender({ production: false, write: (line) => lines.push(line) }).sendOneTimeCode({ phone: '+66812341234', code: '493817', lang: 'en' });
  assert.match(lines[0]!, /493817/);
  assert.match(lines[0]!, /08x-xxx-1234/);
});
