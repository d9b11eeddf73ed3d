/** Table types of analytics: the queue of issued certificates not yet counted, and the daily counts (certificates, complaints, verifications). */
import type { ColumnType } from 'kysely';

/** A calendar day in Thailand, written as 'YYYY-MM-DD'; the drivers read `date` back as a Date. */
type Day = ColumnType<Date, string, string>;
type Count = ColumnType<number, number, number>;

export const verificationChannels = ['pdf', 'qr'] as const;
export type VerificationChannel = (typeof verificationChannels)[number];

/** What a verifier was told, coarsely: enough for public health, never the document. */
export const verificationOutcomes = ['valid', 'revoked', 'superseded', 'unlicensed', 'invalid'] as const;
export type VerificationOutcome = (typeof verificationOutcomes)[number];

/** The scope of the whole country's marginals (a province's are under its ISO 3166-2:TH code). */
export const wholeCountry = 'TH';
export type MarginalDimension = 'total' | 'type' | 'facility_kind';
export type ComplaintMarginalDimension = 'total' | 'category' | 'status';

export interface AnalyticsTables {
  analytics_certificate_queue: {
    certificate_id: string;
    issued_at: Date;
    type: string;
    facility_kind: string;
    province: string;
  };
  analytics_certificates_daily: { day: Day; province: string; type: string; facility_kind: string; count: Count };
  /** scope: a province's code or 'TH' (the whole country); value '' for the dimension 'total'. */
  analytics_certificate_marginals: { scope: string; day: Day; dimension: MarginalDimension; value: string; count: Count };
  /** Complaints by the day they were filed and where each stands now; kept by a trigger on complaints (complaint-counts.ts). */
  analytics_complaints_daily: { province: string; day: Day; category: string; status: string; count: Count };
  /** scope: a province's code or 'TH'; value '' for the dimension 'total'. */
  analytics_complaint_marginals: { scope: string; day: Day; dimension: ComplaintMarginalDimension; value: string; count: Count };
  analytics_verifications_daily: { day: Day; province: string; channel: VerificationChannel; outcome: VerificationOutcome; count: Count };
  analytics_verifications_national_daily: { day: Day; channel: VerificationChannel; outcome: VerificationOutcome; count: Count };
}
