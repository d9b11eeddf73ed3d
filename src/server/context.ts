/**
 * The services one server (or one CLI command) works with, built once from the configuration and
 * the database and passed down explicitly: no module-level singletons.
 */
import { createChatbot, type Chatbot } from '../chatbot/chatbot';
import type { Config } from '../config';
import type { DatabaseHandle, Db } from '../db/database';
import { RegistryService } from '../registry/service';

export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  db: Db;
  chatbot: Chatbot;
  registry: RegistryService;
}

export async function createAppContext(config: Config, database: DatabaseHandle): Promise<AppContext> {
  return { config, database, db: database.db, chatbot: createChatbot({ db: database.db }), registry: new RegistryService(database.db) };
}
