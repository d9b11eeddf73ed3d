import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseHandle } from '../db/database';
import { startJobQueue, type JobQueue } from '../jobs/queue';
import { createTestDatabase } from '../test-support/database';
import { createWebhooks } from './deliveries';

let database: DatabaseHandle;
let queue: JobQueue;
let server: http.Server;
const received: { body: string; signature: string }[] = [];
let failuresLeft = 2;

before(async () => {
  database = await createTestDatabase();
  queue = await startJobQueue(database);
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        res.writeHead(503).end();
        return;
      }
      received.push({ body, signature: String(req.headers['x-medcert-signature']) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

after(async () => {
  await queue.stop({ graceful: false, wait: true });
  server.close();
  await database.close();
});

test('an event reaches the HIS endpoint, signed, after the endpoint failed twice', async () => {
  const facility = await database.db
    .insertInto('facilities')
    .values({ licence_number: `F-${randomUUID()}`, kind: 'private_hospital', name_th: 'โรงพยาบาล', name_en: 'Hospital', province: 'TH-10', address: 'Bangkok', free_until: new Date('2028-01-01') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const secret = 'whsec-test-only';
  const { port } = server.address() as AddressInfo;
  const endpoint = await database.db
    .insertInto('webhook_endpoints')
    .values({ facility_id: facility.id, url: `http://127.0.0.1:${port}/hooks`, secret, events: JSON.stringify(['certificate.issued']) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const webhooks = createWebhooks(database.db, queue, { retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 });
  await webhooks.startWorker();

  const event = { type: 'certificate.issued' as const, certificateId: randomUUID(), status: 'issued', occurredAt: new Date().toISOString() };
  assert.equal(await webhooks.enqueue(facility.id, event), 1);
  assert.equal(await webhooks.enqueue(facility.id, { ...event, type: 'certificate.revoked' }), 0, 'the endpoint did not subscribe to revocations');

  const deadline = Date.now() + 30_000;
  while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.equal(received.length, 1);
  const [delivery] = received;
  assert.deepEqual(JSON.parse(delivery!.body), event);
  const [, timestamp, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery!.signature) ?? [];
  assert.equal(mac, createHmac('sha256', secret).update(`${timestamp}.${delivery!.body}`).digest('hex'));

  // The worker records the delivery after the endpoint has answered: wait for that write, not just the request.
  const recorded = () => database.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpoint.id).executeTakeFirstOrThrow();
  let record = await recorded();
  while (!record.delivered_at && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    record = await recorded();
  }
  assert.equal(record.attempts, 3);
  assert.equal(record.last_status, 204);
  assert.ok(record.delivered_at);
});
