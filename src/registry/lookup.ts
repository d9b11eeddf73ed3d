/** The public lookup: facility search, a facility's page and practitioners by licence number, with licence status now. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { RegistryEntryNotFoundError } from './errors';
import { toFacility, type Facility } from './facilities';
import { currentStatusColumn, licenceHistory, statusInHistory, type LicenceStatusEntry } from './licence-status';
import type { Practitioner } from './practitioners';
import type { LicenceStatus, MembershipRole } from './tables';

export const maxPageSize = 50;

export interface FacilitySearch {
  /** A fragment of the Thai or English name, or a licence number. */
  q?: string;
  /** ISO 3166-2:TH code. */
  province?: string;
  licence?: string;
  limit?: number;
  offset?: number;
}

export type FacilitySummary = Pick<Facility, 'id' | 'licenceNumber' | 'kind' | 'nameTh' | 'nameEn' | 'province'> & { licenceStatus: LicenceStatus | null };

export interface FacilityPage {
  facility: Facility;
  licenceStatus: LicenceStatus | null;
  licenceHistory: LicenceStatusEntry[];
  practitioners: Array<PublicPractitioner & { role: MembershipRole }>;
}

export type PublicPractitioner = Omit<Practitioner, 'createdAt'> & { licenceStatus: LicenceStatus | null };

// Folded into the practitioner query so a lookup is one round trip.
const specialtiesColumn = sql<string[]>`(SELECT coalesce(array_agg(ps.specialty ORDER BY ps.specialty), '{}') FROM practitioner_specialties ps WHERE ps.practitioner_id = practitioners.id)`.as('specialties');

function escapeLike(fragment: string): string {
  return fragment.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One page of facilities matching every given filter, ordered by English name; `hasMore` says whether another page follows. */
export async function searchFacilities(db: Kysely<Database>, search: FacilitySearch, now = new Date()): Promise<{ items: FacilitySummary[]; hasMore: boolean; limit: number; offset: number }> {
  const limit = Math.min(Math.max(search.limit ?? 20, 1), maxPageSize);
  const offset = Math.max(search.offset ?? 0, 0);
  let query = db.selectFrom('facilities').select(['id', 'licence_number', 'kind', 'name_th', 'name_en', 'province', currentStatusColumn('facility', 'facilities.id', now)]);
  const q = search.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q.toLowerCase())}%`;
    query = query.where((eb) => eb.or([eb('search_text', 'like', pattern), eb('licence_number', '=', q)]));
  }
  if (search.province) query = query.where('province', '=', search.province.trim().toUpperCase());
  if (search.licence) query = query.where('licence_number', '=', search.licence.trim());
  const rows = await query
    .orderBy('name_en')
    .orderBy('id')
    .limit(limit + 1)
    .offset(offset)
    .execute();
  return {
    items: rows.slice(0, limit).map((r) => ({ id: r.id, licenceNumber: r.licence_number, kind: r.kind, nameTh: r.name_th, nameEn: r.name_en, province: r.province, licenceStatus: r.licence_status ?? null })),
    hasMore: rows.length > limit,
    limit,
    offset,
  };
}

/** A facility's public page: licence status now and its history, and the practitioners working there now. */
export async function facilityPage(db: Kysely<Database>, id: string, now = new Date()): Promise<FacilityPage> {
  // Three independent reads: on PostgreSQL they run on separate pool connections at once.
  const [row, history, members] = await Promise.all([
    db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst(),
    licenceHistory(db, 'facility', id),
    db
      .selectFrom('memberships')
      .innerJoin('practitioners', 'practitioners.id', 'memberships.practitioner_id')
      .select(['practitioners.id', 'profession', 'licence_number', 'name_th', 'name_en', 'memberships.role', specialtiesColumn, currentStatusColumn('practitioner', 'practitioners.id', now)])
      .where('memberships.facility_id', '=', id)
      .where('memberships.since', '<=', now)
      .where((eb) => eb.or([eb('memberships.until', 'is', null), eb('memberships.until', '>', now)]))
      .orderBy('name_en')
      .execute(),
  ]);
  if (!row) throw new RegistryEntryNotFoundError('No facility has this id.');
  return {
    facility: toFacility(row),
    licenceStatus: statusInHistory(history, now),
    licenceHistory: history,
    practitioners: members.map((m) => ({
      id: m.id,
      profession: m.profession,
      licenceNumber: m.licence_number,
      nameTh: m.name_th,
      nameEn: m.name_en,
      role: m.role,
      specialties: m.specialties,
      licenceStatus: m.licence_status ?? null,
    })),
  };
}

/** Practitioners holding this licence number (one per profession at most), with specialties and status now. */
export async function practitionersByLicence(db: Kysely<Database>, licenceNumber: string, now = new Date()): Promise<PublicPractitioner[]> {
  const rows = await db
    .selectFrom('practitioners')
    .select(['id', 'profession', 'licence_number', 'name_th', 'name_en', specialtiesColumn, currentStatusColumn('practitioner', 'practitioners.id', now)])
    .where('licence_number', '=', licenceNumber.trim())
    .orderBy('profession')
    .execute();
  return rows.map((r) => ({ id: r.id, profession: r.profession, licenceNumber: r.licence_number, nameTh: r.name_th, nameEn: r.name_en, specialties: r.specialties, licenceStatus: r.licence_status ?? null }));
}
