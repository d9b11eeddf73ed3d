/**
 * The keys accounts need, each derived with HKDF from the platform's key-encryption key (MEDCERT_KEK,
 * or outside production the development KEK file the PKI keeps in the data dir), so one secret
 * protects everything and a development server keeps its TOTP secrets across restarts.
 */
import { hkdfSync } from 'node:crypto';
import type { Config } from '../config';
import { resolveKeyEncryptionKey } from '../pki/key-encryption-key';

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

/** Throws a configuration error in production without MEDCERT_KEK. */
export function loadAccountKeys(config: Pick<Config, 'kek' | 'dataDir' | 'production'>): AccountKeys {
  return deriveAccountKeys(resolveKeyEncryptionKey(config));
}
