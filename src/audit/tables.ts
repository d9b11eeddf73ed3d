/** Table types of the audit log: the hash-chained events, the one head row that serialises chaining, and events waiting to be chained. */
import type { ColumnType } from 'kysely';

/** What an event says, chained or waiting to be: written once, never updated. */
interface AuditEventColumns {
  at: ColumnType<Date, Date, never>;
  actor: ColumnType<string, string, never>;
  action: ColumnType<string, string, never>;
  target_kind: ColumnType<string, string, never>;
  target_id: ColumnType<string, string, never>;
  facility_id: ColumnType<string | null, string | null, never>;
  ip: ColumnType<string | null, string | null, never>;
  request_id: ColumnType<string | null, string | null, never>;
  details: ColumnType<Record<string, string | number | boolean | null>, string, never>;
}

export interface AuditTables {
  audit_events: AuditEventColumns & {
    /** 1, 2, 3 … without gaps: taken from the head row, so a deleted event shows as a missing number. */
    seq: ColumnType<number, number, never>;
    prev_hash: ColumnType<string, string, never>;
    hash: ColumnType<string, string, never>;
  };
  /** Events committed with the change they record, not yet chained; chained in `id` order. */
  audit_pending: AuditEventColumns & {
    id: ColumnType<number, never, never>;
  };
  audit_head: {
    id: ColumnType<number, number, never>;
    seq: number;
    hash: string;
  };
}
