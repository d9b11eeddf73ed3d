/** Table types of complaints: the complaint with its aggregate-friendly columns, its workflow steps, attachments and the facility's response. */
import type { ColumnType, Generated } from 'kysely';
import type { FacilityKind } from '../registry/tables';

export const complaintStatuses = ['submitted', 'triaged', 'investigating', 'resolved', 'dismissed'] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];

export const attachmentTypes = ['image/png', 'image/jpeg', 'application/pdf'] as const;
export type AttachmentType = (typeof attachmentTypes)[number];

/** A calendar day (Asia/Bangkok) written as 'YYYY-MM-DD'; read back through `::text` so no driver shifts it. */
type Day = ColumnType<string, string, never>;

export interface ComplaintTables {
  complaints: {
    id: string;
    /** The citizen's one-way subject key (as certificates are filed under): identity, never shown to the facility. */
    citizen_subject_key: string;
    facility_id: string;
    /** Copied from the registry at filing, with `province`, `category`, `status` and `submitted_day`, so the dashboard counts without joins. */
    facility_kind: FacilityKind;
    province: string;
    category: string;
    /** The citizen's own words: personal health data, never logged nor audited. */
    description: string;
    visit_date: Day;
    status: ComplaintStatus;
    assigned_officer_id: string | null;
    submitted_at: Date;
    submitted_day: Day;
    triaged_at: Date | null;
    closed_at: Date | null;
    /** When the current step is due (triage, then resolution); null once closed. */
    due_at: Date | null;
  };
  complaint_steps: {
    id: Generated<number>;
    complaint_id: string;
    from_status: ComplaintStatus | null;
    to_status: ComplaintStatus;
    /** The officer's note for this step (free text, never audited); null for the filing itself. */
    note: string | null;
    actor: string;
    at: Date;
  };
  complaint_attachments: {
    id: string;
    complaint_id: string;
    /** The order the citizen sent them in, from 0. */
    position: number;
    blob_key: string;
    sha256: string;
    size: number;
    content_type: AttachmentType;
    created_at: ColumnType<Date, Date | undefined, never>;
  };
  complaint_responses: {
    complaint_id: string;
    facility_id: string;
    text: string;
    actor: string;
    created_at: ColumnType<Date, Date | undefined, never>;
  };
}
