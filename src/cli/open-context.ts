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
    const ctx = await createAppContext(config, database);
    try {
      return await action(ctx);
    } finally {
      // The command's audit events are durable already; chaining them now leaves a whole log behind, and a failure leaves them for the next reader.
      await ctx.audit.flush().catch(() => undefined);
    }
  } finally {
    await database.close();
  }
}
