/** Memberships: which practitioners work at which facility in which role, with start and end dates (ended ones stay). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { InvalidRegistryValueError, RegistryEntryNotFoundError } from './errors';
import { membershipRoles, type MembershipRole } from './tables';

export interface Membership {
  id: string;
  facilityId: string;
  practitionerId: string;
  role: MembershipRole;
  since: Date;
  until: Date | null;
}

export interface NewMembership {
  facilityId: string;
  practitionerId: string;
  role: MembershipRole;
  since?: Date;
}

export function isMembershipRole(value: string): value is MembershipRole {
  return (membershipRoles as readonly string[]).includes(value);
}

/** Adds a membership; adding one that is already open returns the open one (idempotent). */
export async function addMembership(db: Kysely<Database>, input: NewMembership): Promise<Membership> {
  if (!isMembershipRole(input.role)) throw new InvalidRegistryValueError(`A membership role is one of ${membershipRoles.join(', ')}.`);
  const inserted = await db
    .insertInto('memberships')
    .values({ facility_id: input.facilityId, practitioner_id: input.practitionerId, role: input.role, since: input.since })
    .onConflict((oc) => oc.columns(['facility_id', 'practitioner_id', 'role']).where('until', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  const row =
    inserted ??
    (await db
      .selectFrom('memberships')
      .selectAll()
      .where('facility_id', '=', input.facilityId)
      .where('practitioner_id', '=', input.practitionerId)
      .where('role', '=', input.role)
      .where('until', 'is', null)
      .executeTakeFirstOrThrow());
  return toMembership(row);
}

/** Ends a membership at `until`; it stays in the table as history. */
export async function endMembership(db: Kysely<Database>, id: string, until = new Date()): Promise<void> {
  const result = await db.updateTable('memberships').set({ until }).where('id', '=', id).where('until', 'is', null).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new RegistryEntryNotFoundError('No open membership has this id.');
}

/** The memberships in force at `at` (default now). */
export async function membershipsOfPractitioner(db: Kysely<Database>, practitionerId: string, at = new Date()): Promise<Membership[]> {
  const rows = await db
    .selectFrom('memberships')
    .selectAll()
    .where('practitioner_id', '=', practitionerId)
    .where('since', '<=', at)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', at)]))
    .orderBy('since')
    .execute();
  return rows.map(toMembership);
}

function toMembership(row: { id: string; facility_id: string; practitioner_id: string; role: MembershipRole; since: Date; until: Date | null }): Membership {
  return { id: row.id, facilityId: row.facility_id, practitionerId: row.practitioner_id, role: row.role, since: row.since, until: row.until };
}
