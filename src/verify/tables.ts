/** Table types of verifier organisations, their members and API keys, and the record of verifications. */
import type { ColumnType, Generated } from 'kysely';

export const verifierKinds = ['employer', 'insurer', 'agency', 'border', 'other'] as const;
export type VerifierKind = (typeof verifierKinds)[number];
export type VerifierStatus = 'pending' | 'active' | 'suspended';
export type VerificationChannel = 'pdf' | 'qr';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface VerifyTables {
  verifier_organisations: {
    id: Generated<string>;
    name: string;
    kind: VerifierKind;
    contact_email: string;
    contact_phone: string | null;
    /** Registered organisations wait as `pending` until a platform operator approves them. */
    status: ColumnType<VerifierStatus, VerifierStatus | undefined, VerifierStatus>;
    created_at: CreatedAt;
    decided_at: Date | null;
    decided_by: string | null;
  };
  verifier_members: {
    /** A user manages at most one organisation. */
    user_id: string;
    organisation_id: string;
    created_at: CreatedAt;
  };
  verifier_api_keys: {
    id: Generated<string>;
    organisation_id: string;
    label: string;
    /** SHA-256 of a 256-bit random key (high entropy, so a slow hash adds nothing); the key itself is shown once. */
    key_hash: string;
    rate_limit_per_minute: number;
    created_by: string | null;
    created_at: CreatedAt;
    revoked_at: Date | null;
  };
  verifications: {
    id: Generated<number>;
    at: CreatedAt;
    channel: VerificationChannel;
    /** Only when the verification named a certificate of this register; never the content, nor the caller's address. */
    certificate_id: string | null;
    valid: boolean;
    reasons: ColumnType<string[], string, never>;
    organisation_id: string | null;
    api_key_id: string | null;
  };
}
