/**
 * The outbox of notifications to citizens: a domain enqueues a record (whom, what kind, about which
 * complaint) in the same transaction as the change it announces, and the delivery side reads the
 * pending ones, words and sends them, then marks them delivered. No free text is ever stored.
 */
import type { Db } from '../db/database';

export interface CitizenNotificationInput {
  subjectKey: string;
  /** A dotted lower-case code such as `complaint.triaged`. */
  kind: string;
  complaintId?: string | null;
}

export interface CitizenNotification {
  id: number;
  subjectKey: string;
  kind: string;
  complaintId: string | null;
  createdAt: Date;
}

const kindShape = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** Enqueues one notification; pass the transaction of the change so both commit or neither does. */
export async function enqueueCitizenNotification(db: Db, notification: CitizenNotificationInput, at?: Date): Promise<void> {
  if (!kindShape.test(notification.kind)) throw new Error(`A notification kind is a dotted code, not "${notification.kind.slice(0, 40)}".`);
  await db
    .insertInto('citizen_notifications')
    .values({ subject_key: notification.subjectKey, kind: notification.kind, complaint_id: notification.complaintId ?? null, created_at: at, delivered_at: null })
    .execute();
}

/** The oldest undelivered notifications, for the delivery worker. */
export async function pendingCitizenNotifications(db: Db, limit = 100): Promise<CitizenNotification[]> {
  const rows = await db.selectFrom('citizen_notifications').select(['id', 'subject_key', 'kind', 'complaint_id', 'created_at']).where('delivered_at', 'is', null).orderBy('id').limit(limit).execute();
  return rows.map((row) => ({ id: row.id, subjectKey: row.subject_key, kind: row.kind, complaintId: row.complaint_id, createdAt: row.created_at }));
}

export async function markCitizenNotificationsDelivered(db: Db, ids: readonly number[], at = new Date()): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('citizen_notifications').set({ delivered_at: at }).where('id', 'in', ids).where('delivered_at', 'is', null).execute();
}
