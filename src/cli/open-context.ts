/** Opens the configured database and the service context for a CLI command, and closes it after. */
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { createAppContext, type AppContext } from '../server/context';

export async function withContext<T>(action: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await action(await createAppContext(config, database));
  } finally {
    await database.close();
  }
}
