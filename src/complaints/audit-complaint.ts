/** One audit event per complaint change, inside the change's transaction: codes and ids only, never the complaint's words. */
import type { Caller } from '../accounts/caller';
import type { Db } from '../db/database';
import type { ComplaintsDeps, RequestOrigin } from './deps';

export async function auditComplaint(
  deps: Pick<ComplaintsDeps, 'audit'>,
  trx: Db,
  change: { caller: Caller; action: string; complaintId: string; facilityId: string; origin: RequestOrigin; details?: Record<string, string | number> },
): Promise<void> {
  await deps.audit.append(
    { actor: change.caller.actor, action: change.action, targetKind: 'complaint', targetId: change.complaintId, facilityId: change.facilityId, ip: change.origin.ip, requestId: change.origin.requestId, details: change.details },
    trx,
  );
}
