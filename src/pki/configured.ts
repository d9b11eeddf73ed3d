/**
 * Builds the PkiService a server or CLI command uses from the configuration: new keys go to the
 * PKCS#11 token when MEDCERT_PKCS11_MODULE names one, to the software store under the KEK otherwise;
 * existing keys are found in whichever store `pki_keys` says holds them.
 */
import type { AuditLog } from '../audit/audit-log';
import type { Config } from '../config';
import type { Db } from '../db/database';
import { acrossPostgresProcesses } from '../db/exclusive-section';
import { ConfigurationError } from '../errors';
import { KeyNotFoundError } from './errors';
import { resolveKeyEncryptionKey } from './key-encryption-key';
import type { KeyAlgorithm, KeyStore, SigningKey } from './key-store';
import { Pkcs11KeyStore } from './pkcs11-key-store';
import { PkiService } from './service';
import { SoftwareKeyStore } from './software-key-store';

export function createConfiguredPkiService(config: Config, db: Db, options: { audit?: Pick<AuditLog, 'append'>; env?: NodeJS.ProcessEnv } = {}): PkiService {
  const env = options.env ?? process.env;
  // Production resolves the KEK now, so a missing MEDCERT_KEK stops the start; development waits for the first key.
  const kek = config.production ? resolveKeyEncryptionKey(config) : () => resolveKeyEncryptionKey(config);
  const software = new SoftwareKeyStore(db, kek);
  const keyStore = env.MEDCERT_PKCS11_MODULE ? new RoutedKeyStore(db, openToken(db, env), software) : software;
  return new PkiService({ db, keyStore, publicBaseUrl: config.publicBaseUrl, audit: options.audit, exclusive: config.databaseUrl ? acrossPostgresProcesses(config.databaseUrl) : undefined });
}

function openToken(db: Db, env: NodeJS.ProcessEnv): Pkcs11KeyStore {
  const { MEDCERT_PKCS11_MODULE: library, MEDCERT_PKCS11_TOKEN: tokenLabel, MEDCERT_PKCS11_PIN: pin } = env;
  if (!library || !tokenLabel || !pin) throw new ConfigurationError('MEDCERT_PKCS11_MODULE needs MEDCERT_PKCS11_TOKEN (the token label) and MEDCERT_PKCS11_PIN.');
  return Pkcs11KeyStore.open(db, { library, tokenLabel, pin });
}

/** Generates in the token, and finds each existing key in the store that holds it. */
export class RoutedKeyStore implements KeyStore {
  readonly kind = 'pkcs11' as const;

  constructor(
    private readonly db: Db,
    private readonly token: Pkcs11KeyStore,
    private readonly software: SoftwareKeyStore,
  ) {}

  generate(label: string, algorithm: KeyAlgorithm): Promise<SigningKey> {
    return this.token.generate(label, algorithm);
  }

  async get(id: string): Promise<SigningKey> {
    const row = await this.db.selectFrom('pki_keys').select('store').where('id', '=', id).executeTakeFirst();
    if (!row) throw new KeyNotFoundError(`No key with id ${id}.`);
    return row.store === 'pkcs11' ? this.token.get(id) : this.software.get(id);
  }
}
