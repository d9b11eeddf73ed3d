/** Table types of the Station: facility onboarding requests and signer invitations. */
import type { ColumnType, Generated } from 'kysely';

export type OnboardingStatus = 'pending' | 'approved' | 'refused';

export interface StationTables {
  facility_onboarding_requests: {
    id: Generated<string>;
    facility_id: string;
    requested_by: string;
    practitioner_id: string;
    status: ColumnType<OnboardingStatus, OnboardingStatus | undefined, OnboardingStatus>;
    decided_by: string | null;
    decided_at: Date | null;
    /** The operator's reason, shown to the facility admin; never personal data. */
    refusal_reason: string | null;
    created_at: ColumnType<Date, Date | undefined, never>;
  };
  signer_invitations: {
    id: Generated<string>;
    facility_id: string;
    practitioner_id: string;
    code_hash: string;
    invited_by: string;
    expires_at: Date;
    accepted_at: Date | null;
    created_at: ColumnType<Date, Date | undefined, never>;
  };
}
