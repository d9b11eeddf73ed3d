/** Builds the PkiService a server or CLI command uses from the configuration: the software key store under the KEK. */
import type { Config } from '../config';
import type { Db } from '../db/database';
import { resolveKeyEncryptionKey } from './key-encryption-key';
import { PkiService } from './service';
import { SoftwareKeyStore } from './software-key-store';

export function createConfiguredPkiService(config: Config, db: Db): PkiService {
  // Production resolves the KEK now, so a missing MEDCERT_KEK stops the start; development waits for the first key.
  const kek = config.production ? resolveKeyEncryptionKey(config) : () => resolveKeyEncryptionKey(config);
  const keyStore = new SoftwareKeyStore(db, kek);
  return new PkiService({ db, keyStore, publicBaseUrl: config.publicBaseUrl });
}
