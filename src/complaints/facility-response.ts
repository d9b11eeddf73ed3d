/** A facility's admin answers a complaint against it, once, while it is open; the citizen is told and the answer audited (without its text). */
import { assertFacilityAccess, type Caller } from '../accounts/caller';
import { enqueueCitizenNotification } from '../delivery/citizen-notifications';
import { ForbiddenError } from '../errors';
import { auditComplaint } from './audit-complaint';
import type { ComplaintsDeps, RequestOrigin } from './deps';
import { ComplaintResponseRefusedError, InvalidComplaintError } from './errors';
import { visibleComplaint } from './queries';
import { closedStatuses } from './workflow';

export const responseLength = { min: 1, max: 4000 };

export async function respondToComplaint(deps: ComplaintsDeps, caller: Caller, id: string, text: string, origin: RequestOrigin = {}): Promise<void> {
  const { row } = await visibleComplaint(deps, caller, id);
  // assertFacilityAccess lets platform operators through everywhere; the response speaks for the facility, so only its admins give it.
  assertFacilityAccess(caller, row.facility_id, ['admin']);
  if (!caller.facilities.some((grant) => grant.facilityId === row.facility_id && grant.role === 'admin')) throw new ForbiddenError('Only an admin of the facility responds for it.');
  const trimmed = text.trim();
  if (trimmed.length < responseLength.min || trimmed.length > responseLength.max) throw new InvalidComplaintError(`The response must be ${responseLength.min} to ${responseLength.max} characters long.`);
  if (closedStatuses.includes(row.status)) throw new ComplaintResponseRefusedError(`The complaint is ${row.status}; it takes no more responses.`);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('complaint_responses')
      .values({ complaint_id: row.id, facility_id: row.facility_id, text: trimmed, actor: caller.actor, created_at: now })
      .onConflict((oc) => oc.column('complaint_id').doNothing())
      .returning('complaint_id')
      .executeTakeFirst();
    if (!inserted) throw new ComplaintResponseRefusedError('The facility has already responded to this complaint.');
    await enqueueCitizenNotification(trx, { subjectKey: row.citizen_subject_key, kind: 'complaint.facility_responded', complaintId: row.id }, now);
    await auditComplaint(deps, trx, { caller, action: 'complaint.facility_responded', complaintId: row.id, facilityId: row.facility_id, origin });
  });
}
