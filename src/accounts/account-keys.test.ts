import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../errors';
import { loadAccountKeys } from './account-keys';

test('the same KEK gives the same keys, another KEK other keys, and each purpose its own key', () => {
  const a = loadAccountKeys({ kek: 'one', dataDir: '/nonexistent', production: true });
  assert.deepEqual(loadAccountKeys({ kek: 'one', dataDir: '/elsewhere', production: false }), a);
  assert.notDeepEqual(loadAccountKeys({ kek: 'two', dataDir: '/nonexistent', production: true }).totpSeal, a.totpSeal);
  assert.notDeepEqual(a.totpSeal, a.demoClient);
});

test('production without MEDCERT_KEK refuses to start', () => {
  assert.throws(() => loadAccountKeys({ kek: undefined, dataDir: '/nonexistent', production: true }), ConfigurationError);
});

test('in development the keys come from the data dir and survive a restart', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-account-keys-'));
  try {
    const config = { kek: undefined, dataDir, production: false };
    const first = loadAccountKeys(config);
    assert.deepEqual(loadAccountKeys(config), first);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
