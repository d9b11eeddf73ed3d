/** Table types of delivery: the citizen notification outbox (complaints and other domains), and the wallet's contact phones, one-time sign-in codes, share links and their opens. */
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
    /** The X-Line-Retry-Key of this row's push, so LINE accepts it once however often it is retried. */
    line_retry_key: ColumnType<string, never, never>;
    /** When the relay handed the row to the push queue; null until then (a crash before that leaves it for the next sweep). */
    line_queued_at: ColumnType<Date | null, never, Date | null>;
    line_attempts: ColumnType<number, never, number>;
    line_status: ColumnType<number | null, never, number | null>;
    /** Set when LINE refused the push for good (a 4xx other than 409 and 429): the row stays for the wallet only. */
    line_abandoned_at: ColumnType<Date | null, never, Date | null>;
  };
}

export type ShareLinkAction = 'view' | 'download';

export interface WalletTables {
  citizen_contacts: {
    /** The one-way subject key certificates are filed under; the phone is the only contact kept for it. */
    subject_key: string;
    /** E.164, e.g. +66812341234: personal data, never logged. */
    phone: string;
    updated_at: ColumnType<Date, Date | undefined, Date>;
  };
  wallet_otp_challenges: {
    id: string;
    subject_key: string;
    /** HMAC-SHA256 of the challenge id and the code under a key derived from the KEK: a leaked table gives no codes. */
    code_hash: string;
    attempts: ColumnType<number, number | undefined, number>;
    expires_at: Date;
    consumed_at: Date | null;
    created_at: Date;
  };
  share_links: {
    id: Generated<string>;
    /** SHA-256 of the 256-bit token in the link. */
    token_hash: string;
    certificate_id: string;
    subject_key: string;
    expires_at: Date;
    revoked_at: Date | null;
    created_at: Date;
  };
  share_link_opens: {
    id: Generated<string>;
    share_link_id: string;
    action: ShareLinkAction;
    /** A coarse description of the browser ("Chrome on Android"); no IP address is kept. */
    agent: string;
    opened_at: Date;
  };
}
