/**
 * Standing signing consents: a practitioner lets a facility's hospital system issue certificates of
 * chosen types in their name without a per-batch approval. Granted with a second factor, recorded,
 * audited and revocable; a revoked consent stays in the table.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database';
import { InvalidInputError, NotFoundError } from '../errors';
import type { AuditAppender } from './ports';

export interface SigningConsent {
  id: string;
  practitionerId: string;
  facilityId: string;
  types: string[];
  grantedAt: Date;
  revokedAt: Date | null;
}

export function createConsents(deps: { db: Db; audit: AuditAppender; knownTypes: () => string[] }) {
  async function grant(practitionerId: string, facilityId: string, types: string[], actor: string): Promise<SigningConsent> {
    const unknown = types.filter((type) => !deps.knownTypes().includes(type));
    if (types.length === 0 || unknown.length > 0) throw new InvalidInputError(`A consent names known certificate types${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}.`);
    return deps.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('signing_consents').values({ practitioner_id: practitionerId, facility_id: facilityId, types: JSON.stringify([...new Set(types)].sort()) }).returningAll().executeTakeFirstOrThrow();
      await deps.audit.append({ actor, action: 'consent.granted', targetKind: 'signing_consent', targetId: row.id, facilityId, details: { types: row.types.join(',') } }, trx);
      return toConsent(row);
    });
  }

  async function revoke(id: string, practitionerId: string, actor: string): Promise<void> {
    await deps.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('signing_consents')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .where('practitioner_id', '=', practitionerId)
        .where('revoked_at', 'is', null)
        .returning(['facility_id'])
        .executeTakeFirst();
      if (!updated) throw new NotFoundError('No active consent of yours has this id.');
      await deps.audit.append({ actor, action: 'consent.revoked', targetKind: 'signing_consent', targetId: id, facilityId: updated.facility_id }, trx);
    });
  }

  async function covers(practitionerId: string, facilityId: string, type: string): Promise<boolean> {
    const { rows } = await sql<{ covers: boolean }>`SELECT ${consentCovers(practitionerId, facilityId, type)} AS "covers"`.execute(deps.db);
    return rows[0]!.covers;
  }

  /** Grants a consent for the types not yet covered (idempotent: nothing happens when all are). */
  async function ensure(practitionerId: string, facilityId: string, types: string[], actor: string): Promise<void> {
    const missing: string[] = [];
    for (const type of types) if (!(await covers(practitionerId, facilityId, type))) missing.push(type);
    if (missing.length > 0) await grant(practitionerId, facilityId, missing, actor);
  }

  async function listOf(practitionerId: string): Promise<SigningConsent[]> {
    const rows = await deps.db.selectFrom('signing_consents').selectAll().where('practitioner_id', '=', practitionerId).orderBy('granted_at', 'desc').execute();
    return rows.map(toConsent);
  }

  return { grant, revoke, covers, ensure, listOf };
}

export type Consents = ReturnType<typeof createConsents>;

/** Whether an active consent of the practitioner lets the facility's system issue `type` in their name, as an expression (issuance asks it with the signer's standing). */
export function consentCovers(practitionerId: string, facilityId: string, type: string): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (
    SELECT 1 FROM signing_consents c
    WHERE c.practitioner_id = ${practitionerId} AND c.facility_id = ${facilityId} AND c.revoked_at IS NULL AND c.types @> jsonb_build_array(${type}::text)
  )`;
}

function toConsent(row: { id: string; practitioner_id: string; facility_id: string; types: string[]; granted_at: Date; revoked_at: Date | null }): SigningConsent {
  return { id: row.id, practitionerId: row.practitioner_id, facilityId: row.facility_id, types: row.types, grantedAt: row.granted_at, revokedAt: row.revoked_at };
}
