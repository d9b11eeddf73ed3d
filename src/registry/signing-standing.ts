/** What a signature needs to know of the registry at one moment, asked in one statement: both licence statuses and the signer role. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { statusAtExpression } from './licence-status';
import type { LicenceStatus } from './tables';

export interface SigningStanding {
  practitionerStatus: LicenceStatus | null;
  facilityStatus: LicenceStatus | null;
  /** The practitioner holds the signer role at the facility at that moment. */
  signer: boolean;
}

export async function signingStandingAt(db: Kysely<Database>, practitionerId: string, facilityId: string, at: Date): Promise<SigningStanding> {
  const { rows } = await sql<SigningStanding>`SELECT
      ${statusAtExpression('practitioner', practitionerId, at)} AS "practitionerStatus",
      ${statusAtExpression('facility', facilityId, at)} AS "facilityStatus",
      EXISTS (
        SELECT 1 FROM memberships m
        WHERE m.practitioner_id = ${practitionerId} AND m.facility_id = ${facilityId} AND m.role = 'signer'
          AND m.since <= ${at} AND (m.until IS NULL OR m.until > ${at})
      ) AS "signer"`.execute(db);
  return rows[0]!;
}
