/**
 * Pushes a flex message to the linked LINE user when one of their certificates is issued. Each push
 * is a row in line_notifications and a pg-boss job: an outage (5xx, 429, no connection) is retried
 * with exponential backoff, and the row's id is the X-Line-Retry-Key, so a retry after a lost answer
 * is recognised by LINE (409) instead of delivered twice.
 */
import { randomUUID } from 'node:crypto';
import type { CertificateEvent } from '../certificates/ports';
import type { Db } from '../db/database';
import { ensureQueue, type JobQueue } from '../jobs/queue';
import { lineFailureOf, LineUnavailableError, type LineClient } from './line-api';
import { certificateIssuedMessage } from './line-messages';

export const linePushQueue = 'line-push';

export interface LinePushOptions {
  /** Retries after the first attempt; with backoff from 10 s, 14 retries span two to four days of outage. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  pollingIntervalSeconds?: number;
}

export interface LinePushDeps {
  db: Db;
  queue: JobQueue;
  client: LineClient;
  /** A certificate type's display names, or undefined for a type the catalogue no longer has. */
  typeNames: (typeId: string) => { th: string; en: string } | undefined;
  /** Where the citizen opens and downloads the certificate. */
  walletUrl: (certificateId: string) => string;
  options?: LinePushOptions;
}

/** How far back the crash sweep looks, how long it leaves the issuing process to queue a push itself, how many it takes a pass, and when a never-attempted push counts as lost. */
const relayWindowMs = 3_600_000;
const relayGraceMs = 30_000;
const relayBatch = 500;
const lostJobMs = 600_000;

interface PushJob {
  notificationId: string;
}

export function createLinePush(deps: LinePushDeps) {
  const { db, queue } = deps;
  const options = { retryLimit: 14, retryDelaySeconds: 10, retryBackoff: true, pollingIntervalSeconds: 2, ...deps.options };

  /** Queues one push per issued certificate whose citizen has linked LINE; returns how many were queued. */
  async function enqueue(event: CertificateEvent): Promise<number> {
    if (event.type !== 'certificate.issued') return 0;
    const link = await db
      .selectFrom('certificates')
      .innerJoin('line_links', 'line_links.subject_key', 'certificates.subject_key')
      .select('line_links.line_user_id')
      .where('certificates.id', '=', event.certificateId)
      .executeTakeFirst();
    return link ? queuePush(event.certificateId, link.line_user_id) : 0;
  }

  /** Records the push (once per certificate and LINE user) and queues its job; 0 when it was recorded before. */
  async function queuePush(certificateId: string, lineUserId: string): Promise<number> {
    const inserted = await db
      .insertInto('line_notifications')
      .values({ id: randomUUID(), certificate_id: certificateId, line_user_id: lineUserId, last_status: null, sent_at: null, abandoned_at: null })
      .onConflict((conflict) => conflict.columns(['certificate_id', 'line_user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return 0;
    await send(inserted.id);
    return 1;
  }

  /** The job that delivers one recorded push. */
  async function send(notificationId: string): Promise<void> {
    await queue.send(linePushQueue, { notificationId } satisfies PushJob, {
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelaySeconds,
      retryBackoff: options.retryBackoff,
      singletonKey: notificationId,
      expireInSeconds: 60,
    });
  }

  /**
   * The sweep after a crash (run on an interval): a certificate issued in the last hour to a citizen linked
   * at the time, with no push recorded, gets one (after a grace period, so pushes the issuing process is
   * still queuing are left to it); a push recorded but never attempted for ten minutes gets its job again.
   * A job sent twice still reaches LINE once: the row id is the X-Line-Retry-Key.
   */
  async function relay(now = new Date()): Promise<number> {
    const since = new Date(now.getTime() - relayWindowMs);
    const until = new Date(now.getTime() - relayGraceMs);
    const missing = await db
      .selectFrom('certificates as c')
      .innerJoin('line_links as l', 'l.subject_key', 'c.subject_key')
      .select(['c.id', 'l.line_user_id'])
      .where('c.status', '=', 'issued')
      .where('c.issued_at', '>=', since)
      .where('c.issued_at', '<=', until)
      .whereRef('l.linked_at', '<=', 'c.issued_at')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('line_notifications as n').select('n.id').whereRef('n.certificate_id', '=', 'c.id').whereRef('n.line_user_id', '=', 'l.line_user_id'))))
      .limit(relayBatch)
      .execute();
    let queued = 0;
    for (const { id, line_user_id } of missing) queued += await queuePush(id, line_user_id);
    // Never attempted long after it was recorded: the job was lost between the row and the queue.
    const lost = await db
      .selectFrom('line_notifications')
      .select('id')
      .where('attempts', '=', 0)
      .where('sent_at', 'is', null)
      .where('abandoned_at', 'is', null)
      .where('created_at', '>=', since)
      .where('created_at', '<=', new Date(now.getTime() - lostJobMs))
      .limit(relayBatch)
      .execute();
    for (const { id } of lost) await send(id);
    return queued;
  }

  /** One attempt; throws only when LINE is unavailable, so that pg-boss retries. */
  async function deliver(notificationId: string): Promise<void> {
    const row = await db
      .selectFrom('line_notifications as n')
      .innerJoin('certificates as c', 'c.id', 'n.certificate_id')
      .innerJoin('facilities as f', 'f.id', 'c.facility_id')
      .leftJoin('line_links as l', (join) => join.onRef('l.line_user_id', '=', 'n.line_user_id').onRef('l.subject_key', '=', 'c.subject_key'))
      .select(['n.line_user_id', 'n.sent_at', 'n.abandoned_at', 'c.id as certificate_id', 'c.type', 'c.status', 'c.issued_at', 'f.name_th', 'f.name_en', 'l.id as link_id'])
      .where('n.id', '=', notificationId)
      .executeTakeFirst();
    if (!row || row.sent_at || row.abandoned_at) return;
    // Unlinked or revoked since the push was queued: the citizen no longer expects it.
    if (!row.link_id || !row.issued_at || row.status === 'revoked') {
      await record(notificationId, { abandoned: true, status: null });
      return;
    }
    const message = certificateIssuedMessage({
      typeNames: deps.typeNames(row.type) ?? { th: row.type, en: row.type },
      facilityNames: { th: row.name_th, en: row.name_en },
      issuedAt: row.issued_at,
      walletUrl: deps.walletUrl(row.certificate_id),
    });
    try {
      await deps.client.pushMessage({ to: row.line_user_id, messages: [message] }, notificationId);
      await record(notificationId, { sent: true, status: 200 });
    } catch (error) {
      const failure = lineFailureOf(error);
      await record(notificationId, { sent: failure.outcome === 'already-accepted', abandoned: failure.outcome === 'refused', status: failure.status });
      if (failure.outcome === 'outage') throw new LineUnavailableError(`LINE answered ${failure.status || 'nothing'}; the push will be retried.`, undefined, { cause: error });
    }
  }

  async function record(notificationId: string, outcome: { sent?: boolean; abandoned?: boolean; status: number | null }): Promise<void> {
    await db
      .updateTable('line_notifications')
      .set((eb) => ({
        attempts: outcome.status === null ? eb.ref('attempts') : eb('attempts', '+', 1),
        last_status: outcome.status,
        sent_at: outcome.sent ? new Date() : null,
        abandoned_at: outcome.abandoned ? new Date() : null,
      }))
      .where('id', '=', notificationId)
      .execute();
  }

  async function startWorker(): Promise<void> {
    await ensureQueue(queue, linePushQueue);
    await queue.work<PushJob>(linePushQueue, { pollingIntervalSeconds: options.pollingIntervalSeconds }, async (jobs) => {
      for (const job of jobs) await deliver(job.data.notificationId);
    });
  }

  return { enqueue, relay, deliver, startWorker };
}

export type LinePush = ReturnType<typeof createLinePush>;
