/** Practitioners: creation, reading, upserts by (profession, licence number) and their specialties. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/schema';
import { InvalidNationalIdError } from '../identity/errors';
import { parseNationalId } from '../identity/thai-national-id';
import { DuplicateLicenceError, InvalidRegistryValueError, RegistryEntryNotFoundError } from './errors';
import type { UpsertCounts } from './facilities';
import { professions, type Profession, type RegistryTables } from './tables';

export interface NewPractitioner {
  profession: Profession;
  licenceNumber: string;
  nameTh: string;
  nameEn: string;
  /** Thai national ID, checked; personal data, never shown publicly. */
  nationalId?: string | null;
  specialties?: string[];
}

export interface Practitioner {
  id: string;
  profession: Profession;
  licenceNumber: string;
  nameTh: string;
  nameEn: string;
  specialties: string[];
  createdAt: Date;
}

/** The stored form of a practitioner's values and every problem with them (never echoing the national ID). */
export function checkPractitioner(input: NewPractitioner): { practitioner: NewPractitioner; problems: string[] } {
  const problems: string[] = [];
  if (!(professions as readonly string[]).includes(input.profession)) problems.push(`profession must be one of ${professions.join(', ')}`);
  const licenceNumber = input.licenceNumber.trim();
  if (!licenceNumber) problems.push('a practitioner needs a licence number');
  const nameTh = input.nameTh.trim();
  const nameEn = input.nameEn.trim();
  if (!nameTh || !nameEn) problems.push('a practitioner needs a name in Thai and in English');
  let nationalId: string | null = null;
  try {
    nationalId = input.nationalId?.trim() ? parseNationalId(input.nationalId) : null;
  } catch (error) {
    if (!(error instanceof InvalidNationalIdError)) throw error;
    problems.push(error.message.charAt(0).toLowerCase() + error.message.slice(1, -1));
  }
  const specialties = [...new Set((input.specialties ?? []).map((s) => s.trim()).filter(Boolean))].sort();
  return { practitioner: { profession: input.profession, licenceNumber, nameTh, nameEn, nationalId, specialties }, problems };
}

function validatePractitioner(input: NewPractitioner): NewPractitioner {
  const { practitioner, problems } = checkPractitioner(input);
  if (problems.length > 0) throw new InvalidRegistryValueError(`The practitioner is invalid: ${problems.join('; ')}.`);
  return practitioner;
}

function toPractitioner(row: Selectable<RegistryTables['practitioners']>, specialties: string[]): Practitioner {
  return { id: row.id, profession: row.profession, licenceNumber: row.licence_number, nameTh: row.name_th, nameEn: row.name_en, specialties, createdAt: row.created_at };
}

export async function createPractitioner(db: Kysely<Database>, input: NewPractitioner): Promise<Practitioner> {
  const p = validatePractitioner(input);
  const row = await db
    .insertInto('practitioners')
    .values({ profession: p.profession, licence_number: p.licenceNumber, name_th: p.nameTh, name_en: p.nameEn, national_id: p.nationalId ?? null })
    .onConflict((oc) => oc.columns(['profession', 'licence_number']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new DuplicateLicenceError('A practitioner of this profession with this licence number is already registered.');
  await addSpecialties(db, row.id, p.specialties ?? []);
  return toPractitioner(row, p.specialties ?? []);
}

export async function getPractitioner(db: Kysely<Database>, id: string): Promise<Practitioner> {
  // The specialties come in the same statement: every issued certificate looks its practitioner up.
  const row = await db
    .selectFrom('practitioners')
    .selectAll()
    .select(sql<string[]>`array(SELECT s.specialty FROM practitioner_specialties s WHERE s.practitioner_id = practitioners.id ORDER BY s.specialty)`.as('specialties'))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new RegistryEntryNotFoundError('No practitioner has this id.');
  const { specialties, ...practitioner } = row;
  return toPractitioner(practitioner, specialties);
}

/** Specialties by practitioner id, sorted. */
export async function specialtiesOf(db: Kysely<Database>, practitionerIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (practitionerIds.length === 0) return result;
  const rows = await db.selectFrom('practitioner_specialties').select(['practitioner_id', 'specialty']).where('practitioner_id', 'in', practitionerIds).orderBy('specialty').execute();
  for (const row of rows) result.set(row.practitioner_id, [...(result.get(row.practitioner_id) ?? []), row.specialty]);
  return result;
}

async function addSpecialties(db: Kysely<Database>, practitionerId: string, specialties: string[]): Promise<void> {
  if (specialties.length === 0) return;
  await db
    .insertInto('practitioner_specialties')
    .values(specialties.map((specialty) => ({ practitioner_id: practitionerId, specialty })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Makes each practitioner's specialties exactly the given set, touching only the differences.
 * Returns how many practitioners' sets changed.
 */
export async function replaceSpecialties(db: Kysely<Database>, wanted: Map<string, string[]>): Promise<number> {
  const current = await specialtiesOf(db, [...wanted.keys()]);
  const toAdd: Array<{ practitioner_id: string; specialty: string }> = [];
  let changed = 0;
  for (const [practitionerId, specialties] of wanted) {
    const have = new Set(current.get(practitionerId) ?? []);
    const want = new Set(specialties);
    const added = specialties.filter((s) => !have.has(s));
    const removed = [...have].filter((s) => !want.has(s));
    if (added.length + removed.length > 0) changed++;
    toAdd.push(...added.map((specialty) => ({ practitioner_id: practitionerId, specialty })));
    if (removed.length > 0) await db.deleteFrom('practitioner_specialties').where('practitioner_id', '=', practitionerId).where('specialty', 'in', removed).execute();
  }
  if (toAdd.length > 0) await db.insertInto('practitioner_specialties').values(toAdd).execute();
  return changed;
}

/** Inserts new practitioners and updates changed ones by (profession, licence number), in one statement. */
export async function upsertPractitioners(db: Kysely<Database>, inputs: NewPractitioner[]): Promise<UpsertCounts> {
  const counts = { created: 0, updated: 0 };
  if (inputs.length === 0) return counts;
  const changed = await db
    .insertInto('practitioners')
    .values(inputs.map((p) => ({ profession: p.profession, licence_number: p.licenceNumber, name_th: p.nameTh, name_en: p.nameEn, national_id: p.nationalId ?? null })))
    .onConflict((oc) =>
      oc
        .columns(['profession', 'licence_number'])
        .doUpdateSet((eb) => ({ name_th: eb.ref('excluded.name_th'), name_en: eb.ref('excluded.name_en'), national_id: eb.ref('excluded.national_id') }))
        .where((eb) =>
          eb.or([
            eb('practitioners.name_th', 'is distinct from', eb.ref('excluded.name_th')),
            eb('practitioners.name_en', 'is distinct from', eb.ref('excluded.name_en')),
            eb('practitioners.national_id', 'is distinct from', eb.ref('excluded.national_id')),
          ]),
        ),
    )
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .execute();
  for (const row of changed) counts[row.inserted ? 'created' : 'updated']++;
  return counts;
}

/** Practitioner ids keyed by `profession|licence`, for those registered. */
export async function practitionerIdsByLicence(db: Kysely<Database>, keys: Array<{ profession: Profession; licenceNumber: string }>): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('practitioners')
    .select(['id', 'profession', 'licence_number'])
    .where('licence_number', 'in', [...new Set(keys.map((k) => k.licenceNumber))])
    .execute();
  return new Map(rows.map((r) => [practitionerKey(r.profession, r.licence_number), r.id]));
}

export function practitionerKey(profession: Profession, licenceNumber: string): string {
  return `${profession}|${licenceNumber}`;
}

/** Which (profession, licence) owns each of these national IDs: an import must not hand one person's ID to another. */
export async function nationalIdOwners(db: Kysely<Database>, nationalIds: string[]): Promise<Map<string, string>> {
  if (nationalIds.length === 0) return new Map();
  const rows = await db.selectFrom('practitioners').select(['profession', 'licence_number', 'national_id']).where('national_id', 'in', nationalIds).execute();
  return new Map(rows.map((r) => [r.national_id!, practitionerKey(r.profession, r.licence_number)]));
}
