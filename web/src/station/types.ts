/** What the Station API answers, as the page uses it. */

export type Bilingual = { th: string; en: string };

export interface FreePeriod {
  joinedAt: string;
  endsAt: string;
  daysLeft: number;
  state: 'running' | 'ending-soon' | 'ended';
}

export interface StationFacility {
  id: string;
  licenceNumber: string;
  kind: string;
  nameTh: string;
  nameEn: string;
  province: string;
  licenceStatus: string | null;
  roles: string[];
  freePeriod: FreePeriod;
}

export interface OnboardingRequest {
  id: string;
  status: 'pending' | 'approved' | 'refused';
  facility: { id: string; licenceNumber: string; nameTh: string; nameEn: string };
  requester: { practitionerId: string; nameTh: string; nameEn: string; licenceNumber: string };
  createdAt: string;
  refusalReason: string | null;
}

export interface StationSelf {
  userId: string;
  platformRole: string;
  practitioner: { id: string; profession: string; licenceNumber: string; nameTh: string; nameEn: string } | null;
  secondFactor: boolean;
  facilities: StationFacility[];
  onboardingRequests: OnboardingRequest[];
}

export interface Signer {
  practitionerId: string;
  profession: string;
  licenceNumber: string;
  nameTh: string;
  nameEn: string;
  licenceStatus: string | null;
  signingCertificate: { state: 'none' | 'good' | 'expired' | 'revoked'; notAfter: string | null };
  account: 'active' | 'no-second-factor' | 'invited' | 'none';
}

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  pattern?: string;
  'x-unit'?: string;
}

export interface CertificateType {
  id: string;
  names: Bilingual;
  schema: JsonSchema;
  labels: Record<string, Bilingual>;
  values: Record<string, Record<string, Bilingual>>;
  professions: string[];
}

export interface StationCertificate {
  id: string;
  type: string;
  typeNames: Bilingual | null;
  status: string;
  patientNameTh: string | null;
  patientNameEn: string;
  practitionerId: string;
  createdAt: string;
  issuedAt: string | null;
  revocationReason: string | null;
  supersedes: string | null;
  correctionReason: string | null;
}

export interface Patient {
  nationalId?: string;
  passport?: { number: string; nationality: string };
  workPermit?: string;
  nameTh?: string;
  nameEn: string;
  birthDate?: string;
}
