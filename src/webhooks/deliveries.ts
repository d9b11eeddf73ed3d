/**
 * Webhooks back to hospital systems: each event becomes one job per endpoint; the worker POSTs the
 * JSON body signed with HMAC-SHA256 and throws on anything but 2xx, so pg-boss retries with backoff.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import type { ChannelFollower } from '../db/notifications';
import { ensureQueue, type JobQueue } from '../jobs/queue';
import { createFacilityEndpoints } from './facility-endpoints';

export const webhookQueue = 'webhook-delivery';

export interface WebhookEvent {
  type: 'certificate.issued' | 'certificate.revoked' | 'certificate.superseded';
  certificateId: string;
  status: string;
  occurredAt: string;
}

interface DeliveryJob {
  deliveryId: string;
  endpointId: string;
  event: WebhookEvent;
}

export interface WebhookOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
  timeoutMs?: number;
  pollingIntervalSeconds?: number;
  /** Follows the endpoints' change channel, so a facility's endpoints are read once, not per event. */
  followEndpointChanges?: (follower: ChannelFollower) => Promise<unknown>;
}

export function signatureHeader(secret: string, timestamp: string, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createWebhooks(db: Db, queue: JobQueue, options: WebhookOptions = {}) {
  const retryLimit = options.retryLimit ?? 10;
  const retryDelay = options.retryDelaySeconds ?? 10;
  const facilityEndpoints = createFacilityEndpoints(db, { follow: options.followEndpointChanges });

  async function enqueue(facilityId: string, event: WebhookEvent): Promise<number> {
    const endpoints = await facilityEndpoints.of(facilityId);
    let queued = 0;
    for (const endpoint of endpoints) {
      if (!endpoint.events.includes(event.type)) continue;
      const deliveryId = randomUUID();
      await db.insertInto('webhook_deliveries').values({ id: deliveryId, endpoint_id: endpoint.id, event: event.type, attempts: 0, last_status: null, delivered_at: null }).execute();
      await queue.send(webhookQueue, { deliveryId, endpointId: endpoint.id, event } satisfies DeliveryJob, { retryLimit, retryDelay, retryBackoff: true, singletonKey: deliveryId });
      queued += 1;
    }
    return queued;
  }

  async function deliver(job: DeliveryJob): Promise<void> {
    const endpoint = await db.selectFrom('webhook_endpoints').select(['url', 'secret']).where('id', '=', job.endpointId).executeTakeFirst();
    if (!endpoint) return;
    const body = JSON.stringify(job.event);
    const timestamp = String(Math.floor(Date.now() / 1000));
    let status = 0;
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-medcert-signature': signatureHeader(endpoint.secret, timestamp, body), 'x-medcert-delivery': job.deliveryId },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      status = response.status;
    } finally {
      await db
        .updateTable('webhook_deliveries')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), last_status: status, delivered_at: status >= 200 && status < 300 ? new Date() : null }))
        .where('id', '=', job.deliveryId)
        .execute();
    }
    if (status < 200 || status >= 300) throw new Error(`webhook endpoint answered ${status}`);
  }

  async function startWorker(): Promise<void> {
    await ensureQueue(queue, webhookQueue);
    await queue.work<DeliveryJob>(webhookQueue, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async (jobs) => {
      for (const job of jobs) await deliver(job.data);
    });
  }

  return { enqueue, startWorker };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
