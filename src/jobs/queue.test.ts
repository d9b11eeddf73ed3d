import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../db/database';
import { createScratchDatabase } from '../test-support/database';
import { ensureQueue, startJobQueue } from './queue';

const serverUrl = process.env.MEDCERT_TEST_DATABASE_URL;

test('processes starting together each ensure the same queues without failing', { skip: !serverUrl && 'PostgreSQL only (MEDCERT_TEST_DATABASE_URL): PGlite has one connection', timeout: 60_000 }, async () => {
  const scratch = await createScratchDatabase(serverUrl!);
  const database = await openDatabase({ databaseUrl: scratch.url });
  const queues = await Promise.all([startJobQueue(database, scratch.url), startJobQueue(database, scratch.url), startJobQueue(database, scratch.url)]);
  try {
    const names = Array.from({ length: 3 }, (_, i) => `race-${i}`);
    await Promise.all(queues.flatMap((queue) => names.map((name) => ensureQueue(queue, name))));
    const made = await queues[0]!.getQueues();
    assert.deepEqual(made.map((queue) => queue.name).filter((name) => name.startsWith('race-')).sort(), names);
  } finally {
    await Promise.all(queues.map((queue) => queue.stop({ graceful: false, wait: true })));
    await database.close();
    await scratch.drop();
  }
});
