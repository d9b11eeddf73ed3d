/**
 * Opens the configured database and the service context for a CLI command, and closes it after.
 * Both are imported here, on first use, so a command that stops at a usage or input error exits
 * without loading the whole application (seconds of CPU under tsx).
 */
import { loadConfig } from '../config';
import type { AppContext } from '../server/context';

export async function withContext<T>(action: (ctx: AppContext) => Promise<T>): Promise<T> {
  const [{ openDatabase }, { createAppContext }] = await Promise.all([import('../db/database'), import('../server/context')]);
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await action(await createAppContext(config, database));
  } finally {
    await database.close();
  }
}
