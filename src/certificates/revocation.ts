/** Revoking an issued certificate: the row stays, its status and reason change, the event is audited. */
import type { Db } from '../db/database';
import { InvalidInputError, NotFoundError } from '../errors';
import { InvalidTransitionError, nextStatus, statusesAllowing } from './lifecycle';
import type { AuditAppender, CertificateEventListener } from './ports';
import { isUuid } from './queries';
import type { CertificateStatus } from './tables';

export interface RevocationDeps {
  db: Db;
  audit: AuditAppender;
  now?: () => Date;
  onEvent?: CertificateEventListener;
}

export function createRevocation(deps: RevocationDeps) {
  const now = deps.now ?? (() => new Date());

  /** Revokes certificate `id` of `facilityId` (the caller's scope): a certificate of another facility is "not found". */
  async function revoke(id: string, facilityId: string | 'any', reason: string, actor: string): Promise<{ id: string; status: CertificateStatus }> {
    const trimmed = reason.trim();
    if (trimmed.length < 3 || trimmed.length > 500) throw new InvalidInputError('A revocation needs a reason of 3 to 500 characters.');
    if (!isUuid(id)) throw new NotFoundError('No such certificate.');
    let query = deps.db.selectFrom('certificates').select(['status', 'facility_id']).where('id', '=', id);
    if (facilityId !== 'any') query = query.where('facility_id', '=', facilityId);
    const row = await query.executeTakeFirst();
    if (!row) throw new NotFoundError('No such certificate.');
    const status = nextStatus(row.status, 'revoke');
    await deps.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('certificates')
        .set({ status, revoked_at: now(), revocation_reason: trimmed })
        .where('id', '=', id)
        .where('status', 'in', statusesAllowing('revoke'))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new InvalidTransitionError('The certificate was revoked or superseded in the meantime.', { action: 'revoke' });
      await deps.audit.append({ actor, action: 'certificate.revoked', targetKind: 'certificate', targetId: id, facilityId: row.facility_id }, trx);
    });
    await deps.onEvent?.({ type: 'certificate.revoked', certificateId: id, facilityId: row.facility_id, status, occurredAt: now().toISOString() }).catch(() => undefined);
    return { id, status };
  }

  return { revoke };
}
