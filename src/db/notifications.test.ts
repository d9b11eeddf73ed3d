import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../test-support/database';
import type { DatabaseHandle } from './database';
import type { ChannelFollower } from './notifications';

let database: DatabaseHandle;
before(async () => (database = await createTestDatabase()));
after(async () => database.close());

/** A follower that records what it hears, and lets the test wait for the next event of a kind. */
function recorder() {
  const heard: string[] = [];
  const waiters: { match: string; resolve: () => void }[] = [];
  const hear = (event: string) => {
    heard.push(event);
    for (const waiter of waiters.filter((w) => w.match === event)) waiter.resolve();
  };
  const follower: ChannelFollower = { notified: (payload) => hear(`notified:${payload}`), listening: () => hear('listening'), interrupted: () => hear('interrupted') };
  const next = (match: string) => new Promise<void>((resolve) => waiters.push({ match, resolve }));
  return { heard, follower, next };
}

test('a follower hears notifications committed after LISTEN holds, and none from a rolled-back transaction', async () => {
  const { heard, follower, next } = recorder();
  const listening = next('listening');
  const unfollow = await database.follow('medcert_test_channel', follower);
  await listening;
  const delivered = next('notified:second');
  await database.executeSql(`SELECT pg_notify('medcert_test_channel', 'first')`);
  await database.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_notify('medcert_test_channel', 'never')`.execute(trx);
    throw new Error('roll back');
  }).catch(() => undefined);
  await database.executeSql(`SELECT pg_notify('medcert_test_channel', 'second')`);
  await delivered;
  assert.deepEqual(heard, ['listening', 'notified:first', 'notified:second']);
  await unfollow();
});

test('on PostgreSQL a dropped listening connection is reported and reopened', { skip: !process.env.MEDCERT_TEST_DATABASE_URL && 'PostgreSQL only (MEDCERT_TEST_DATABASE_URL)' }, async () => {
  const { heard, follower, next } = recorder();
  const listening = next('listening');
  const unfollow = await database.follow('medcert_test_reconnect', follower);
  await listening;
  const interrupted = next('interrupted');
  const listeningAgain = next('listening');
  await database.executeSql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "medcert_test_reconnect"'`);
  await interrupted;
  await listeningAgain;
  const delivered = next('notified:after');
  await database.executeSql(`SELECT pg_notify('medcert_test_reconnect', 'after')`);
  await delivered;
  assert.deepEqual(heard, ['listening', 'interrupted', 'listening', 'notified:after']);
  await unfollow();
});
