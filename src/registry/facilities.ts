/** Facilities: creation with their free period, reading by id or licence number, and upserts by licence number. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/schema';
import { DuplicateLicenceError, InvalidRegistryValueError, RegistryEntryNotFoundError } from './errors';
import { normaliseProvince } from './provinces';
import { facilityKinds, type FacilityKind, type RegistryTables } from './tables';

/** Facilities use the platform free of charge for this long after joining. */
export const freePeriodYears = 2;

export interface NewFacility {
  licenceNumber: string;
  kind: FacilityKind;
  nameTh: string;
  nameEn: string;
  /** ISO 3166-2:TH code, e.g. TH-10. */
  province: string;
  address: string;
  joinedAt?: Date;
}

export interface Facility extends Required<NewFacility> {
  id: string;
  freeUntil: Date;
  createdAt: Date;
}

export function freeUntil(joinedAt: Date): Date {
  const end = new Date(joinedAt);
  end.setUTCFullYear(end.getUTCFullYear() + freePeriodYears);
  return end;
}

/** The stored form of a facility's values and every problem with them (empty when it is fine). */
export function checkFacility(input: NewFacility): { facility: NewFacility; problems: string[] } {
  const problems: string[] = [];
  const licenceNumber = input.licenceNumber.trim();
  if (!licenceNumber) problems.push('a facility needs a licence number');
  if (!(facilityKinds as readonly string[]).includes(input.kind)) problems.push(`kind must be one of ${facilityKinds.join(', ')}`);
  const province = normaliseProvince(input.province);
  if (!province) problems.push('province must be an ISO 3166-2:TH code such as TH-10 (Bangkok)');
  const nameTh = input.nameTh.trim();
  const nameEn = input.nameEn.trim();
  if (!nameTh || !nameEn) problems.push('a facility needs a name in Thai and in English');
  if (input.joinedAt && Number.isNaN(input.joinedAt.getTime())) problems.push('the joining date is not a valid date');
  return { facility: { ...input, licenceNumber, province: province ?? input.province, nameTh, nameEn, address: input.address.trim() }, problems };
}

function validateFacility(input: NewFacility): NewFacility {
  const { facility, problems } = checkFacility(input);
  if (problems.length > 0) throw new InvalidRegistryValueError(`The facility is invalid: ${problems.join('; ')}.`);
  return facility;
}

export function toFacility(row: Selectable<RegistryTables['facilities']>): Facility {
  return {
    id: row.id,
    licenceNumber: row.licence_number,
    kind: row.kind,
    nameTh: row.name_th,
    nameEn: row.name_en,
    province: row.province,
    address: row.address,
    joinedAt: row.joined_at,
    freeUntil: row.free_until,
    createdAt: row.created_at,
  };
}

export async function createFacility(db: Kysely<Database>, input: NewFacility, now = new Date()): Promise<Facility> {
  const f = validateFacility(input);
  const joinedAt = f.joinedAt ?? now;
  const row = await db
    .insertInto('facilities')
    .values({ licence_number: f.licenceNumber, kind: f.kind, name_th: f.nameTh, name_en: f.nameEn, province: f.province, address: f.address, joined_at: joinedAt, free_until: freeUntil(joinedAt) })
    .onConflict((oc) => oc.column('licence_number').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new DuplicateLicenceError('A facility with this licence number is already registered.');
  return toFacility(row);
}

/** Records the day a facility joins the platform: the free period runs two years from it. */
export async function recordJoining(db: Kysely<Database>, facilityId: string, joinedAt: Date): Promise<Facility> {
  const row = await db.updateTable('facilities').set({ joined_at: joinedAt, free_until: freeUntil(joinedAt) }).where('id', '=', facilityId).returningAll().executeTakeFirst();
  if (!row) throw new RegistryEntryNotFoundError('No facility has this id.');
  return toFacility(row);
}

export async function getFacility(db: Kysely<Database>, id: string): Promise<Facility> {
  const row = await db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new RegistryEntryNotFoundError('No facility has this id.');
  return toFacility(row);
}

export async function findFacilityByLicence(db: Kysely<Database>, licenceNumber: string): Promise<Facility | undefined> {
  const row = await db.selectFrom('facilities').selectAll().where('licence_number', '=', licenceNumber.trim()).executeTakeFirst();
  return row && toFacility(row);
}

export interface UpsertCounts {
  created: number;
  updated: number;
}

/**
 * Inserts new facilities and updates changed ones by licence number, in one statement; unchanged
 * rows are not touched. A row without a joining date keeps the stored one (or joins `now`).
 * Returns how many rows were created or updated.
 */
export async function upsertFacilities(db: Kysely<Database>, inputs: NewFacility[], now = new Date()): Promise<UpsertCounts> {
  const counts = { created: 0, updated: 0 };
  for (const keepJoinedAt of [true, false]) {
    const group = inputs.filter((f) => !f.joinedAt === keepJoinedAt);
    if (group.length === 0) continue;
    const changed = await db
      .insertInto('facilities')
      .values(
        group.map((f) => {
          const joinedAt = f.joinedAt ?? now;
          return { licence_number: f.licenceNumber, kind: f.kind, name_th: f.nameTh, name_en: f.nameEn, province: f.province, address: f.address, joined_at: joinedAt, free_until: freeUntil(joinedAt) };
        }),
      )
      .onConflict((oc) =>
        oc
          .column('licence_number')
          .doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            name_th: eb.ref('excluded.name_th'),
            name_en: eb.ref('excluded.name_en'),
            province: eb.ref('excluded.province'),
            address: eb.ref('excluded.address'),
            ...(keepJoinedAt ? {} : { joined_at: eb.ref('excluded.joined_at'), free_until: eb.ref('excluded.free_until') }),
          }))
          .where((eb) =>
            eb.or([
              eb('facilities.kind', 'is distinct from', eb.ref('excluded.kind')),
              eb('facilities.name_th', 'is distinct from', eb.ref('excluded.name_th')),
              eb('facilities.name_en', 'is distinct from', eb.ref('excluded.name_en')),
              eb('facilities.province', 'is distinct from', eb.ref('excluded.province')),
              eb('facilities.address', 'is distinct from', eb.ref('excluded.address')),
              ...(keepJoinedAt ? [] : [eb('facilities.joined_at', 'is distinct from', eb.ref('excluded.joined_at'))]),
            ]),
          ),
      )
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .execute();
    for (const row of changed) counts[row.inserted ? 'created' : 'updated']++;
  }
  return counts;
}

/** Facility ids by licence number, for the licence numbers that are registered. */
export async function facilityIdsByLicence(db: Kysely<Database>, licenceNumbers: string[]): Promise<Map<string, string>> {
  if (licenceNumbers.length === 0) return new Map();
  const rows = await db.selectFrom('facilities').select(['id', 'licence_number']).where('licence_number', 'in', licenceNumbers).execute();
  return new Map(rows.map((r) => [r.licence_number, r.id]));
}
