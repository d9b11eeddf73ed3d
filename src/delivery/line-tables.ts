/** Table types of the LINE official account: links to citizens, linking nonces, and certificate pushes. */
import type { ColumnType, Generated } from 'kysely';

export interface LineTables {
  line_links: {
    id: Generated<string>;
    /** LINE's own user id for this channel (U + 32 hex digits). */
    line_user_id: string;
    /** The citizen's subject key (see certificates/patient.ts): whose certificates this LINE user receives. */
    subject_key: string;
    linked_at: ColumnType<Date, Date | undefined, never>;
  };
  line_link_nonces: {
    /** SHA-256 of the nonce: the nonce itself travels only through the citizen's browser and LINE. */
    nonce_hash: string;
    subject_key: string;
    expires_at: Date;
    used_at: Date | null;
  };
  line_notifications: {
    /** Also the X-Line-Retry-Key, so LINE accepts each push once however often it is retried. */
    id: string;
    certificate_id: string;
    line_user_id: string;
    attempts: ColumnType<number, number | undefined, number>;
    last_status: number | null;
    sent_at: Date | null;
    /** Set when LINE refused the push for good (a 4xx other than 409 and 429): not retried. */
    abandoned_at: Date | null;
    created_at: ColumnType<Date, never, never>;
  };
}
