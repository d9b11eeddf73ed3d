/** Analytics test helpers: facilities in chosen provinces, and certificates issued as the issuance service leaves them (signing, then issued). */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import type { FacilityKind } from '../registry/tables';

export async function addFacility(db: Db, province: string, kind: FacilityKind = 'medical_clinic'): Promise<string> {
  const licence = `A-${randomUUID()}`;
  const row = await db
    .insertInto('facilities')
    .values({ licence_number: licence, kind, name_th: `สถานพยาบาล ${licence}`, name_en: `Facility ${licence}`, province, address: 'Thailand', free_until: new Date('2028-01-01Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addPractitioner(db: Db): Promise<string> {
  const row = await db
    .insertInto('practitioners')
    .values({ profession: 'physician', licence_number: `ว.${randomUUID().slice(0, 8)}`, name_th: 'หมอ ทดสอบ', name_en: 'Doctor Test', national_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface IssuedCertificates {
  facilityId: string;
  practitionerId: string;
  type: string;
  issuedAt: Date;
  count: number;
}

/** Inserts `count` certificates signing and then marks them issued, the transition the analytics trigger watches. */
export async function issueCertificates(db: Db, spec: IssuedCertificates): Promise<string[]> {
  const ids = Array.from({ length: spec.count }, () => randomUUID());
  await db
    .insertInto('certificates')
    .values(
      ids.map((id) => ({
        id,
        type: spec.type,
        facility_id: spec.facilityId,
        practitioner_id: spec.practitionerId,
        status: 'signing' as const,
        source: 'his' as const,
        level: 'B-B' as const,
        data: '{}',
        patient: JSON.stringify({ nameEn: 'Test Patient' }),
        subject_key: `subject-${id}`,
        created_by: 'test',
        issued_at: spec.issuedAt,
        revoked_at: null,
        revocation_reason: null,
        supersedes: null,
        superseded_by: null,
        signing_lease_until: null,
        pdf_key: null,
        pdf_sha256: null,
        qr_payload: null,
      })),
    )
    .execute();
  await db.updateTable('certificates').set({ status: 'issued' }).where('id', 'in', ids).execute();
  return ids;
}

export interface FiledComplaints {
  facilityId: string;
  category: string;
  /** 'YYYY-MM-DD' in Thailand. */
  day: string;
  count: number;
}

/** Inserts `count` complaints against a private facility as citizens file them (submitted), copying its kind and province as filing does. */
export async function fileComplaints(db: Db, spec: FiledComplaints): Promise<string[]> {
  const facility = await db.selectFrom('facilities').select(['kind', 'province']).where('id', '=', spec.facilityId).executeTakeFirstOrThrow();
  const ids = Array.from({ length: spec.count }, () => randomUUID());
  const submittedAt = new Date(`${spec.day}T03:00:00Z`);
  await db
    .insertInto('complaints')
    .values(
      ids.map((id) => ({
        id,
        citizen_subject_key: `subject-${id}`,
        facility_id: spec.facilityId,
        facility_kind: facility.kind,
        province: facility.province,
        category: spec.category,
        description: 'test complaint',
        visit_date: spec.day,
        status: 'submitted' as const,
        assigned_officer_id: null,
        submitted_at: submittedAt,
        submitted_day: spec.day,
        triaged_at: null,
        closed_at: null,
        due_at: new Date(submittedAt.getTime() + 86_400_000),
      })),
    )
    .execute();
  return ids;
}
