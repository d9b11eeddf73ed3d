/** What a signature needs to know of the registry at one moment, asked in one statement: both licence statuses, the signer role, and who the parties are. */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';
import { statusAtExpression } from './licence-status';
import type { LicenceStatus, Profession } from './tables';

export interface SigningStanding {
  practitionerStatus: LicenceStatus | null;
  facilityStatus: LicenceStatus | null;
  /** The practitioner holds the signer role at the facility at that moment. */
  signer: boolean;
}

/** The facility as its e-seal and a certificate name it. */
export interface SigningFacility {
  id: string;
  licenceNumber: string;
  nameTh: string;
  nameEn: string;
  address: string;
}

/** The practitioner as their signature and a certificate name them. */
export interface SigningPractitioner {
  id: string;
  profession: Profession;
  licenceNumber: string;
  nameTh: string;
  nameEn: string;
}

export interface SigningParties extends SigningStanding {
  /** Null when no facility or practitioner has the id. */
  facility: SigningFacility | null;
  practitioner: SigningPractitioner | null;
  /** The answer to the caller's own condition, asked in the same statement (false when none was given). */
  condition: boolean;
}

function standingColumns(practitionerId: string, facilityId: string, at: Date) {
  return sql`${statusAtExpression('practitioner', practitionerId, at)} AS "practitionerStatus",
      ${statusAtExpression('facility', facilityId, at)} AS "facilityStatus",
      EXISTS (
        SELECT 1 FROM memberships m
        WHERE m.practitioner_id = ${practitionerId} AND m.facility_id = ${facilityId} AND m.role = 'signer'
          AND m.since <= ${at} AND (m.until IS NULL OR m.until > ${at})
      ) AS "signer"`;
}

export async function signingStandingAt(db: Kysely<Database>, practitionerId: string, facilityId: string, at: Date): Promise<SigningStanding> {
  const { rows } = await sql<SigningStanding>`SELECT ${standingColumns(practitionerId, facilityId, at)}`.execute(db);
  return rows[0]!;
}

/** The standing, the facility and the practitioner, and `condition` (e.g. a consent check of another domain), in one round trip: every issuance asks. */
export async function signingPartiesAt(db: Kysely<Database>, practitionerId: string, facilityId: string, at: Date, condition: RawBuilder<boolean> = sql<boolean>`false`): Promise<SigningParties> {
  const { rows } = await sql<SigningParties>`SELECT ${standingColumns(practitionerId, facilityId, at)},
      (SELECT json_build_object('id', f.id, 'licenceNumber', f.licence_number, 'nameTh', f.name_th, 'nameEn', f.name_en, 'address', f.address) FROM facilities f WHERE f.id = ${facilityId}) AS "facility",
      (SELECT json_build_object('id', p.id, 'profession', p.profession, 'licenceNumber', p.licence_number, 'nameTh', p.name_th, 'nameEn', p.name_en) FROM practitioners p WHERE p.id = ${practitionerId}) AS "practitioner",
      ${condition} AS "condition"`.execute(db);
  return rows[0]!;
}
