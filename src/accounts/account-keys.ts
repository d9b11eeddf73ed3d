/**
 * The keys accounts need, each derived with HKDF from one root: MEDCERT_KEK when set, otherwise (outside
 * production) a random key kept in the data dir, so a development server keeps its TOTP secrets across restarts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hkdfSync, randomBytes } from 'node:crypto';
import type { Config } from '../config';
import { ConfigurationError } from '../errors';

export interface AccountKeys {
  /** Seals TOTP secrets at rest (AES-256-GCM). */
  totpSeal: Buffer;
  /** Derives the demo HIS client's secret, so `medcert demo` prints the same secret every time. */
  demoClient: Buffer;
}

export function deriveAccountKeys(root: Uint8Array | string): AccountKeys {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', root, 'medcert-accounts', purpose, 32));
  return { totpSeal: derive('totp-seal'), demoClient: derive('demo-client') };
}

export function loadAccountKeys(config: Pick<Config, 'kek' | 'dataDir' | 'production'>): AccountKeys {
  if (config.kek) return deriveAccountKeys(config.kek);
  if (config.production) throw new ConfigurationError('MEDCERT_KEK must be set in production.');
  const file = path.join(config.dataDir, 'accounts.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return deriveAccountKeys(fs.readFileSync(file, 'utf8').trim());
}
