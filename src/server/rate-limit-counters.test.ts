import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { createRateLimitCounters } from './rate-limit-counters';

let database: DatabaseHandle;
before(async () => (database = await createTestDatabase()));
after(async () => database.close());

test('a key counts up within its window and starts again after it, by the amount added', async () => {
  const counters = createRateLimitCounters(database.db);
  assert.equal((await counters.count('window', 1, 300)).current, 1);
  const second = await counters.count('window', 4, 300);
  assert.equal(second.current, 5);
  assert.ok(second.ttl > 0 && second.ttl <= 300, String(second.ttl));
  assert.equal((await counters.count('other key', 1, 300)).current, 1);
  await new Promise((resolve) => setTimeout(resolve, 350));
  assert.equal((await counters.count('window', 1, 300)).current, 1, 'a new window');
});

/** One server process: its own Fastify and plugin instance, the shared counters underneath. */
async function serverProcess(): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(rateLimit, { global: false, store: createRateLimitCounters(database.db).storeClass() });
  app.post('/login', { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => ({ ok: true }));
  app.post('/code', { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => ({ ok: true }));
  await app.ready();
  return app;
}

test('two server processes enforce one limit per route and client between them', async () => {
  const [first, second] = await Promise.all([serverProcess(), serverProcess()]);
  const post = (app: FastifyInstance, url: string) => app.inject({ method: 'POST', url, remoteAddress: '203.0.113.9' });
  assert.equal((await post(first, '/login')).statusCode, 200);
  assert.equal((await post(second, '/login')).statusCode, 200);
  const refused = await post(first, '/login');
  assert.equal(refused.statusCode, 429);
  assert.ok(Number(refused.headers['retry-after']) > 0);
  assert.equal((await post(second, '/login')).statusCode, 429);
  assert.equal((await post(second, '/code')).statusCode, 200, 'another route has its own budget');
  assert.equal((await first.inject({ method: 'POST', url: '/login', remoteAddress: '198.51.100.4' })).statusCode, 200, 'and another client too');
  await Promise.all([first.close(), second.close()]);
});
