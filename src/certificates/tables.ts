/** Table types of issued certificates, idempotency keys and practitioners' standing signing consents. */
import type { ColumnType, Generated } from 'kysely';

export type CertificateStatus = 'draft' | 'pending_signature' | 'signing' | 'issued' | 'revoked' | 'superseded';
export type CertificateSource = 'his' | 'fhir' | 'station' | 'bulk' | 'cli';
export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export interface CertificateTables {
  certificates: {
    id: string;
    type: string;
    facility_id: string;
    practitioner_id: string;
    status: CertificateStatus;
    source: CertificateSource;
    level: PadesLevel;
    /** The type's fields and the patient: personal health data, never logged. */
    data: ColumnType<Record<string, unknown>, string, string>;
    patient: ColumnType<Record<string, unknown>, string, string>;
    /** SHA-256 of the subject's normalised identifier: finds a citizen's certificates without searching PHI. */
    subject_key: string;
    created_by: string;
    created_at: ColumnType<Date, Date | undefined, never>;
    issued_at: Date | null;
    revoked_at: Date | null;
    revocation_reason: string | null;
    supersedes: string | null;
    superseded_by: string | null;
    /** On a correction: why it replaces the certificate in `supersedes` (free text from the Station, never audited). */
    correction_reason: ColumnType<string | null, string | null | undefined, string | null>;
    /** While set in the future, one process is producing this certificate's PDF; an expired lease is taken over after a crash. */
    signing_lease_until: Date | null;
    pdf_key: string | null;
    pdf_sha256: string | null;
    qr_payload: string | null;
    /** The citizen asked for travel use: the PDF also carries an EU DCC (HC1) QR. */
    travel: ColumnType<boolean, boolean | undefined, boolean>;
    dcc_hc1: ColumnType<string | null, string | null | undefined, string | null>;
  };
  idempotency_keys: {
    scope: string;
    key: string;
    request_sha256: string;
    certificate_id: string;
    created_at: ColumnType<Date, never, never>;
  };
  signing_consents: {
    id: Generated<string>;
    practitioner_id: string;
    facility_id: string;
    types: ColumnType<string[], string, string>;
    granted_at: ColumnType<Date, never, never>;
    revoked_at: Date | null;
  };
}
