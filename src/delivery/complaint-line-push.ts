/**
 * Delivers the complaint rows of the citizen notification outbox to the citizen's linked LINE account.
 * `relay` (run on an interval, so it is also the sweep after a crash) hands each pending row of a linked
 * citizen to the pg-boss queue; a job is one attempt, retried with backoff during a LINE outage, and the
 * row's own retry key makes LINE accept the push once however often it is retried. A citizen without a
 * link keeps the row undelivered, for the wallet to list.
 */
import type { Db } from '../db/database';
import { ensureQueue, type JobQueue } from '../jobs/queue';
import { lineFailureOf, LineUnavailableError, type LineClient } from './line-api';
import { complaintNoticeMessage } from './complaint-notices';

export const complaintLinePushQueue = 'complaint-line-push';

export interface ComplaintLinePushOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  pollingIntervalSeconds?: number;
  /** Most rows one relay pass queues. */
  batchSize?: number;
  /** Older rows are left to the wallet: a citizen who links LINE weeks later is not sent a backlog. */
  maxAgeHours?: number;
}

export interface ComplaintLinePushDeps {
  db: Db;
  queue: JobQueue;
  client: LineClient;
  /** Where the citizen reads the complaint. */
  walletUrl: () => string;
  options?: ComplaintLinePushOptions;
}

interface PushJob {
  notificationId: number;
}

export function createComplaintLinePush(deps: ComplaintLinePushDeps) {
  const { db, queue } = deps;
  const options = { retryLimit: 14, retryDelaySeconds: 10, retryBackoff: true, pollingIntervalSeconds: 2, batchSize: 100, maxAgeHours: 72, ...deps.options };

  /**
   * Queues a push for each pending complaint row of a linked citizen not queued yet; returns how many.
   * The job is sent before the row is marked, so a crash in between only queues it twice, and the
   * retry key keeps that to one message.
   */
  async function relay(): Promise<number> {
    const rows = await db
      .selectFrom('citizen_notifications as n')
      .innerJoin('line_links as l', 'l.subject_key', 'n.subject_key')
      .select('n.id')
      .where('n.delivered_at', 'is', null)
      .where('n.line_queued_at', 'is', null)
      .where('n.line_abandoned_at', 'is', null)
      .where('n.complaint_id', 'is not', null)
      .where('n.kind', 'like', 'complaint.%')
      .where('n.created_at', '>', new Date(Date.now() - options.maxAgeHours * 3_600_000))
      .orderBy('n.id')
      .limit(options.batchSize)
      .execute();
    for (const row of rows) {
      await queue.send(complaintLinePushQueue, { notificationId: Number(row.id) } satisfies PushJob, {
        retryLimit: options.retryLimit,
        retryDelay: options.retryDelaySeconds,
        retryBackoff: options.retryBackoff,
        expireInSeconds: 60,
      });
      await db.updateTable('citizen_notifications').set({ line_queued_at: new Date() }).where('id', '=', row.id).execute();
    }
    return rows.length;
  }

  /** One attempt; throws only when LINE is unavailable, so that pg-boss retries. */
  async function deliver(notificationId: number): Promise<void> {
    const row = await db
      .selectFrom('citizen_notifications as n')
      .innerJoin('complaints as c', 'c.id', 'n.complaint_id')
      .innerJoin('facilities as f', 'f.id', 'c.facility_id')
      .leftJoin('line_links as l', 'l.subject_key', 'n.subject_key')
      .select(['n.kind', 'n.complaint_id', 'n.delivered_at', 'n.line_abandoned_at', 'n.line_retry_key', 'f.name_th', 'f.name_en', 'l.line_user_id'])
      .where('n.id', '=', notificationId)
      .executeTakeFirst();
    if (!row || row.delivered_at || row.line_abandoned_at || !row.complaint_id) return;
    // Unlinked since it was queued: the row stays for the wallet, and is queued again if the citizen links.
    if (!row.line_user_id) {
      await db.updateTable('citizen_notifications').set({ line_queued_at: null }).where('id', '=', notificationId).execute();
      return;
    }
    const message = complaintNoticeMessage({ kind: row.kind, complaintId: row.complaint_id, facilityNames: { th: row.name_th, en: row.name_en } }, deps.walletUrl());
    try {
      await deps.client.pushMessage({ to: row.line_user_id, messages: [message] }, row.line_retry_key);
      await record(notificationId, { sent: true, status: 200 });
    } catch (error) {
      const failure = lineFailureOf(error);
      await record(notificationId, { sent: failure.outcome === 'already-accepted', abandoned: failure.outcome === 'refused', status: failure.status });
      if (failure.outcome === 'outage') throw new LineUnavailableError(`LINE answered ${failure.status || 'nothing'}; the push will be retried.`, undefined, { cause: error });
    }
  }

  async function record(notificationId: number, outcome: { sent?: boolean; abandoned?: boolean; status: number }): Promise<void> {
    await db
      .updateTable('citizen_notifications')
      .set((eb) => ({
        line_attempts: eb('line_attempts', '+', 1),
        line_status: outcome.status,
        delivered_at: outcome.sent ? new Date() : null,
        line_abandoned_at: outcome.abandoned ? new Date() : null,
      }))
      .where('id', '=', notificationId)
      .execute();
  }

  async function startWorker(): Promise<void> {
    await ensureQueue(queue, complaintLinePushQueue);
    await queue.work<PushJob>(complaintLinePushQueue, { pollingIntervalSeconds: options.pollingIntervalSeconds }, async (jobs) => {
      for (const job of jobs) await deliver(job.data.notificationId);
    });
  }

  return { relay, deliver, startWorker };
}

export type ComplaintLinePush = ReturnType<typeof createComplaintLinePush>;
