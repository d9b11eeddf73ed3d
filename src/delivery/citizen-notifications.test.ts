import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { enqueueCitizenNotification, markCitizenNotificationsDelivered, pendingCitizenNotifications } from './citizen-notifications';

let database: DatabaseHandle;

before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

test('enqueued notifications wait, oldest first, until marked delivered', async () => {
  await enqueueCitizenNotification(database.db, { subjectKey: 'subject-a', kind: 'certificate.issued' }, new Date('2026-01-01T00:00:00Z'));
  await enqueueCitizenNotification(database.db, { subjectKey: 'subject-b', kind: 'certificate.revoked' }, new Date('2026-01-02T00:00:00Z'));
  const pending = await pendingCitizenNotifications(database.db);
  assert.deepEqual(
    pending.map((n) => [n.subjectKey, n.kind, n.complaintId]),
    [
      ['subject-a', 'certificate.issued', null],
      ['subject-b', 'certificate.revoked', null],
    ],
  );
  await markCitizenNotificationsDelivered(database.db, [pending[0]!.id]);
  assert.deepEqual((await pendingCitizenNotifications(database.db)).map((n) => n.subjectKey), ['subject-b']);
});

test('a kind that is not a dotted code (free text) is refused, by the module and by the database', async () => {
  await assert.rejects(enqueueCitizenNotification(database.db, { subjectKey: 'subject-a', kind: 'Your complaint about Dr Somchai' }), /dotted code/);
  await assert.rejects(database.db.insertInto('citizen_notifications').values({ subject_key: 's', kind: 'free text here', complaint_id: null, delivered_at: null }).execute(), /check constraint/);
});
