/**
 * The key-encryption key (KEK) that wraps software keys: derived from MEDCERT_KEK with HKDF, or in
 * development from a random file in the data dir; production without MEDCERT_KEK refuses to start.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { ConfigurationError } from '../errors';

const kekFileName = 'kek';

/** Derives the 256-bit wrapping key from a secret of any length (a passphrase or random base64). */
export function deriveKeyEncryptionKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'medcert-kek', 'medcert pki_keys AES-256-GCM wrapping v1', 32));
}

export function resolveKeyEncryptionKey(config: Pick<Config, 'kek' | 'production' | 'dataDir'>, warn: (message: string) => void = (message) => process.emitWarning(message)): Buffer {
  if (config.kek) return deriveKeyEncryptionKey(config.kek);
  if (config.production) throw new ConfigurationError('MEDCERT_KEK must be set in production: signing keys cannot be protected without it.');
  return deriveKeyEncryptionKey(developmentSecret(config.dataDir, warn));
}

function developmentSecret(dataDir: string, warn: (message: string) => void): string {
  const file = path.join(dataDir, kekFileName);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64');
  // 'wx' so two processes starting together cannot overwrite each other's fresh KEK.
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
  warn(`MEDCERT_KEK is not set: signing keys are wrapped under a random development key in ${file}; set MEDCERT_KEK before going live.`);
  return secret;
}
