/** Table types of the registry: facilities, practitioners, licence status histories and memberships. */
import type { ColumnType, Generated } from 'kysely';

export const facilityKinds = ['public_hospital', 'private_hospital', 'medical_clinic', 'dental_clinic', 'medtech_clinic', 'pharmacy'] as const;
export type FacilityKind = (typeof facilityKinds)[number];

export const professions = ['physician', 'dentist', 'medical_technologist', 'pharmacist', 'nurse'] as const;
export type Profession = (typeof professions)[number];

export const licenceStatuses = ['active', 'suspended', 'revoked', 'expired'] as const;
export type LicenceStatus = (typeof licenceStatuses)[number];

export const membershipRoles = ['admin', 'signer', 'staff'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

type CreatedAt = ColumnType<Date, Date | undefined, never>;

interface LicenceStatusRow {
  id: Generated<string>;
  status: LicenceStatus;
  effective_from: ColumnType<Date, Date, never>;
  recorded_at: ColumnType<Date, Date | undefined, never>;
  note: ColumnType<string | null, string | null | undefined, never>;
}

export interface RegistryTables {
  facilities: {
    id: Generated<string>;
    licence_number: string;
    kind: FacilityKind;
    name_th: string;
    name_en: string;
    /** ISO 3166-2:TH code, e.g. TH-10 for Bangkok, TH-50 for Chiang Mai, TH-S for Pattaya. */
    province: string;
    address: string;
    joined_at: ColumnType<Date, Date | undefined, Date>;
    /** End of the free period: joined_at + 2 years, set by the service. */
    free_until: Date;
    created_at: CreatedAt;
    /** Generated: lower(name_th) || ' ' || lower(name_en), trigram-indexed for the name search. */
    search_text: ColumnType<string, never, never>;
  };
  facility_licence_status: LicenceStatusRow & { facility_id: ColumnType<string, string, never> };
  practitioners: {
    id: Generated<string>;
    profession: Profession;
    licence_number: string;
    name_th: string;
    name_en: string;
    /** Personal data (Thai national ID), never returned by the public lookup nor logged. */
    national_id: string | null;
    created_at: CreatedAt;
  };
  practitioner_specialties: {
    practitioner_id: string;
    specialty: string;
  };
  practitioner_licence_status: LicenceStatusRow & { practitioner_id: ColumnType<string, string, never> };
  memberships: {
    id: Generated<string>;
    facility_id: string;
    practitioner_id: string;
    role: MembershipRole;
    since: ColumnType<Date, Date | undefined, Date>;
    until: Date | null;
    created_at: CreatedAt;
  };
}
