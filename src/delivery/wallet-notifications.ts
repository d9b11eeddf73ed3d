/** The signed-in citizen's own complaint notifications for the wallet (the inner join keeps only rows about a complaint), newest first, worded in Thai and English from their kind. */
import type { Db } from '../db/database';
import { complaintNoticeText, complaintReference } from './complaint-notices';

export interface WalletNotification {
  id: number;
  kind: string;
  complaintId: string;
  reference: string;
  text: { th: string; en: string };
  createdAt: Date;
}

/** Most notifications one page lists. */
export const listedNotifications = 50;

export function createWalletNotifications(deps: { db: Db }) {
  async function list(subjectKey: string): Promise<WalletNotification[]> {
    const rows = await deps.db
      .selectFrom('citizen_notifications as n')
      .innerJoin('complaints as c', 'c.id', 'n.complaint_id')
      .innerJoin('facilities as f', 'f.id', 'c.facility_id')
      .select(['n.id', 'n.kind', 'n.complaint_id', 'n.created_at', 'f.name_th', 'f.name_en'])
      .where('n.subject_key', '=', subjectKey)
      .where('n.kind', 'like', 'complaint.%')
      .orderBy('n.id', 'desc')
      .limit(listedNotifications)
      .$narrowType<{ complaint_id: string }>()
      .execute();
    return rows.map((row) => ({
      id: Number(row.id),
      kind: row.kind,
      complaintId: row.complaint_id,
      reference: complaintReference(row.complaint_id),
      text: complaintNoticeText({ kind: row.kind, complaintId: row.complaint_id, facilityNames: { th: row.name_th, en: row.name_en } }),
      createdAt: row.created_at,
    }));
  }
  return { list };
}
