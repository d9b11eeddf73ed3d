/** Table types of delivery: the outbox of notifications to citizens, sent by the delivery side (LINE, wallet). */
import type { ColumnType, Generated } from 'kysely';

export interface DeliveryTables {
  citizen_notifications: {
    id: Generated<number>;
    /** Whom to tell: the citizen's one-way subject key, never a name or an ID number. */
    subject_key: string;
    /** A dotted code (`complaint.triaged`): the delivery side words the message; no free text is stored here. */
    kind: string;
    complaint_id: string | null;
    created_at: ColumnType<Date, Date | undefined, never>;
    delivered_at: Date | null;
  };
}
