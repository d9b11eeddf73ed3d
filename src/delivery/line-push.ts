/**
 * Pushes a flex message to the linked LINE user when one of their certificates is issued. Each push
 * is a row in line_notifications and a pg-boss job: an outage (5xx, 429, no connection) is retried
 * with exponential backoff, and the row's id is the X-Line-Retry-Key, so a retry after a lost answer
 * is recognised by LINE (409) instead of delivered twice.
 */
import { randomUUID } from 'node:crypto';
import type { CertificateEvent } from '../certificates/ports';
import type { Db } from '../db/database';
import type { JobQueue } from '../jobs/queue';
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
    if (!link) return 0;
    const inserted = await db
      .insertInto('line_notifications')
      .values({ id: randomUUID(), certificate_id: event.certificateId, line_user_id: link.line_user_id, last_status: null, sent_at: null, abandoned_at: null })
      .onConflict((conflict) => conflict.columns(['certificate_id', 'line_user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return 0;
    await queue.send(linePushQueue, { notificationId: inserted.id } satisfies PushJob, {
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelaySeconds,
      retryBackoff: options.retryBackoff,
      singletonKey: inserted.id,
      expireInSeconds: 60,
    });
    return 1;
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
    await queue.createQueue(linePushQueue);
    await queue.work<PushJob>(linePushQueue, { pollingIntervalSeconds: options.pollingIntervalSeconds }, async (jobs) => {
      for (const job of jobs) await deliver(job.data.notificationId);
    });
  }

  return { enqueue, deliver, startWorker };
}

export type LinePush = ReturnType<typeof createLinePush>;
