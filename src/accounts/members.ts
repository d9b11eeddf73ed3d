/** A facility's current members as its own people and its HIS see them; the scope check comes first, so other facilities get nothing. */
import type { AccountsDeps } from './deps';
import { assertFacilityAccess, type Caller } from './caller';

export interface Member {
  practitionerId: string;
  role: string;
  since: string;
  profession: string;
  licenceNumber: string;
  nameTh: string;
  nameEn: string;
}

export async function listMembers(deps: AccountsDeps, caller: Caller, facilityId: string): Promise<Member[]> {
  assertFacilityAccess(caller, facilityId, ['admin', 'signer', 'staff', 'client']);
  const now = deps.now();
  const rows = await deps.db
    .selectFrom('memberships')
    .innerJoin('practitioners', 'practitioners.id', 'memberships.practitioner_id')
    .select(['practitioners.id', 'memberships.role', 'memberships.since', 'practitioners.profession', 'practitioners.licence_number', 'practitioners.name_th', 'practitioners.name_en'])
    .where('memberships.facility_id', '=', facilityId)
    .where('memberships.since', '<=', now)
    .where((eb) => eb.or([eb('memberships.until', 'is', null), eb('memberships.until', '>', now)]))
    .orderBy('practitioners.name_en')
    .execute();
  return rows.map((row) => ({ practitionerId: row.id, role: row.role, since: row.since.toISOString(), profession: row.profession, licenceNumber: row.licence_number, nameTh: row.name_th, nameEn: row.name_en }));
}
