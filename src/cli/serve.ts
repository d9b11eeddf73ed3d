/**
 * `medcert serve`: the HTTP server (and job worker) on the configured database; `--demo` seeds demo data
 * first. With MEDCERT_WORKERS above 1 (the default on PostgreSQL: one per core) the primary prepares the
 * database once (migrations, demo data) and forks that many server processes sharing the port.
 */
import { pino } from 'pino';
import { purgeExpiredMessages } from '../chatbot/messages';
import { loadConfig, type Config } from '../config';
import { openDatabase } from '../db/database';
import { startJobQueue } from '../jobs/queue';
import { buildApp } from '../server/app';
import { createWebhooks } from '../webhooks/deliveries';
import { webhookEndpointsChannel } from '../webhooks/facility-endpoints';
import { createLineClient } from '../delivery/line-api';
import { createLinePush } from '../delivery/line-push';
import { createComplaintLinePush } from '../delivery/complaint-line-push';
import { createAppContext, type AppContext } from '../server/context';
import { loggerOptions } from '../server/logger';
import { isWorkerProcess, stopWhenPrimaryLeaves, superviseWorkers, turnToListen } from '../server/worker-processes';
import { parseOptions } from './options';

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { demo: { type: 'boolean', default: false } });
  const config = loadConfig();
  if (config.workers > 1 && !isWorkerProcess()) {
    await prepareDatabase(config, values.demo);
    await superviseWorkers(config.workers, pino(loggerOptions()));
    process.exit(0);
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const ctx = await createAppContext(config, database);
  if (values.demo && !isWorkerProcess()) await seedDemoData(ctx);
  const app = await buildApp(ctx);
  if (config.production && !config.sms) app.log.warn('no SMS gateway is configured (MEDCERT_THAIBULKSMS_API_KEY): citizens cannot receive wallet sign-in codes');
  const queue = await startJobQueue(database, config.databaseUrl);
  const webhooks = createWebhooks(ctx.db, queue, { followEndpointChanges: (follower) => database.follow(webhookEndpointsChannel, follower) });
  await webhooks.startWorker();
  ctx.certificates.events.subscribe(async ({ facilityId, ...event }) => void (await webhooks.enqueue(facilityId, event)));
  let complaintRelay: ReturnType<typeof setInterval> | undefined;
  let certificatePushRelay: ReturnType<typeof setInterval> | undefined;
  if (config.line) {
    const linePush = createLinePush({
      db: ctx.db,
      queue,
      client: createLineClient(config.line),
      typeNames: (id) => (ctx.types.ids().includes(id) ? ctx.types.get(id).names : undefined),
      walletUrl: (id) => `${config.publicBaseUrl}/wallet?certificate=${id}`,
    });
    await linePush.startWorker();
    ctx.certificates.events.subscribe(async (event) => void (await linePush.enqueue(event)));
    const complaintPush = createComplaintLinePush({ db: ctx.db, queue, client: createLineClient(config.line), walletUrl: () => `${config.publicBaseUrl}/wallet` });
    await complaintPush.startWorker();
    // The outbox relays: complaint steps committed on any node (or left by a crash) reach LINE within seconds;
    // certificate pushes a crash kept from the queue follow within a minute.
    complaintRelay = setInterval(() => void complaintPush.relay().catch((error: Error) => app.log.error({ err: error }, 'relaying complaint notifications failed')), 5_000);
    complaintRelay.unref();
    certificatePushRelay = setInterval(() => void linePush.relay().catch((error: Error) => app.log.error({ err: error }, 'relaying certificate pushes failed')), 60_000);
    certificatePushRelay.unref();
  }
  // Certificates whose producer crashed are finished by whichever node sees their lease expire.
  const sweep = setInterval(() => void ctx.certificates.issuance.resumeInterrupted().catch((error: Error) => app.log.error({ err: error }, 'resuming interrupted certificates failed')), config.signingLeaseMs);
  sweep.unref();
  // Issued certificates and verifications reach the analytics tables within a minute even when nobody opens the dashboard.
  const analytics = setInterval(() => void ctx.analytics.refresh().catch((error: Error) => app.log.error({ err: error }, 'analytics roll-up failed')), 60_000);
  analytics.unref();
  // Chat message text is kept 30 days at most: every node purges what has aged out, once an hour.
  const purgeChats = () => void purgeExpiredMessages(ctx.db, new Date()).catch((error: Error) => app.log.error({ err: error }, 'purging expired chat messages failed'));
  purgeChats();
  const chatRetention = setInterval(purgeChats, 3_600_000);
  chatRetention.unref();
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(sweep);
    clearInterval(analytics);
    clearInterval(chatRetention);
    clearInterval(complaintRelay);
    clearInterval(certificatePushRelay);
    await ctx.analytics.refresh().catch((error: Error) => app.log.error({ err: error }, 'analytics roll-up failed'));
    await queue.stop({ graceful: true, wait: true });
    await app.close();
    await ctx.audit.flush().catch((error: Error) => app.log.error({ err: error }, 'chaining audit events failed (they stay pending for the next node)'));
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  stopWhenPrimaryLeaves(() => void shutdown());
  await app.ready();
  await turnToListen();
  await app.listen({ port: config.port, host: config.host });
  return 0;
}

/** Migrations and demo data once, before the workers start, so they never race to create them. */
async function prepareDatabase(config: Config, demo: boolean): Promise<void> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (demo) await seedDemoData(await createAppContext(config, database));
  await database.close();
}

async function seedDemoData(ctx: AppContext): Promise<void> {
  const { seedDemo } = await import('../demo/seed');
  await seedDemo(ctx);
}
