/**
 * The services one server (or one CLI command) works with, built once from the configuration and
 * the database and passed down explicitly: no module-level singletons.
 */
import { loadAccountKeys } from '../accounts/account-keys';
import { createAccounts, type Accounts } from '../accounts/accounts';
import { createAuditLog, type AuditLog } from '../audit/audit-log';
import { createChatbot, type Chatbot } from '../chatbot/chatbot';
import type { Config } from '../config';
import type { DatabaseHandle, Db } from '../db/database';
import { createConfiguredDccService, type DccService } from '../dcc/service';
import { createConfiguredPkiService } from '../pki/configured';
import type { PkiService } from '../pki/service';
import { RegistryService } from '../registry/service';

export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  db: Db;
  audit: AuditLog;
  accounts: Accounts;
  chatbot: Chatbot;
  registry: RegistryService;
  dcc: DccService;
  pki: PkiService;
}

export async function createAppContext(config: Config, database: DatabaseHandle): Promise<AppContext> {
  const audit = createAuditLog({ db: database.db });
  const accounts = createAccounts({ db: database.db, audit, keys: loadAccountKeys(config), production: config.production });
  return { config, database, db: database.db, audit, accounts, chatbot: createChatbot({ db: database.db }), registry: new RegistryService(database.db), dcc: createConfiguredDccService(config), pki: createConfiguredPkiService(config, database.db, { audit }) };
}
