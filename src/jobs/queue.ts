/** The job queue (pg-boss) in the same database: on PostgreSQL over its own pool, on PGlite through the handle's executeSql. */
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/database';

export type JobQueue = PgBoss;

export async function startJobQueue(database: DatabaseHandle, databaseUrl?: string): Promise<JobQueue> {
  const boss = databaseUrl
    ? new PgBoss({ connectionString: databaseUrl, schedule: false, max: 4 })
    : new PgBoss({ db: { executeSql: database.executeSql }, schedule: false });
  // Errors here are the queue's own maintenance failures; jobs' failures are retried by pg-boss.
  boss.on('error', (error) => console.error(`job queue: ${error.message}`));
  await boss.start();
  return boss;
}

const deadlockDetected = '40P01';

/**
 * Creates a queue unless it exists. Processes starting together (the workers of one server, or several
 * nodes) race to create the same queue and PostgreSQL aborts all but one as deadlocked; those try again
 * after a random pause and find the queue made.
 */
export async function ensureQueue(queue: JobQueue, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await queue.getQueue(name)) return;
    try {
      await queue.createQueue(name);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== deadlockDetected || attempt === 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
    }
  }
}
