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
