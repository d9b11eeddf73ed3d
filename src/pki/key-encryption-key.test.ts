import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigurationError } from '../errors';
import { deriveKeyEncryptionKey, resolveKeyEncryptionKey } from './key-encryption-key';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-kek-'));

describe('resolveKeyEncryptionKey', () => {
  it('derives a 256-bit key from MEDCERT_KEK, the same every time', () => {
    const config = { kek: 'correct horse battery staple', production: true, dataDir: '/nonexistent' };
    const kek = resolveKeyEncryptionKey(config);
    assert.equal(kek.length, 32);
    assert.deepEqual(resolveKeyEncryptionKey(config), kek);
    assert.notDeepEqual(deriveKeyEncryptionKey('another secret'), kek);
  });

  it('refuses to start in production without MEDCERT_KEK', () => {
    assert.throws(() => resolveKeyEncryptionKey({ production: true, dataDir: tempDir() }), ConfigurationError);
  });

  it('in development creates a random KEK file readable only by its owner, warns once, and reuses it', () => {
    const dataDir = tempDir();
    const warnings: string[] = [];
    const first = resolveKeyEncryptionKey({ production: false, dataDir }, (message) => warnings.push(message));
    const second = resolveKeyEncryptionKey({ production: false, dataDir }, (message) => warnings.push(message));
    assert.deepEqual(second, first);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /MEDCERT_KEK is not set/);
    assert.equal(fs.statSync(path.join(dataDir, 'kek')).mode & 0o777, 0o600);
    fs.rmSync(dataDir, { recursive: true });
  });
});
