/**
 * Officers move a complaint through its workflow, one step with a note at a time, and assign it to a
 * provincial officer of its province. Each step restarts the SLA clock, tells the citizen (outbox)
 * and is audited, all in one transaction guarded by the status it started from.
 */
import type { Caller } from '../accounts/caller';
import { isUuid } from '../certificates/queries';
import { enqueueCitizenNotification } from '../delivery/citizen-notifications';
import { ForbiddenError } from '../errors';
import { auditComplaint } from './audit-complaint';
import type { ComplaintsDeps, RequestOrigin } from './deps';
import { IneligibleOfficerError, InvalidComplaintError, InvalidComplaintTransitionError } from './errors';
import { visibleComplaint } from './queries';
import type { ComplaintStatus } from './tables';
import { canManage } from './visibility';
import { assertTransition, closedStatuses, dueAt } from './workflow';

export const noteLength = { min: 1, max: 2000 };

async function managedComplaint(deps: ComplaintsDeps, caller: Caller, id: string) {
  const { row } = await visibleComplaint(deps, caller, id);
  if (!canManage(caller, row.ownership)) throw new ForbiddenError('Only a provincial officer of the facility\'s province or a platform operator handles a complaint.');
  return row;
}

export async function advanceComplaint(deps: ComplaintsDeps, caller: Caller, id: string, step: { to: ComplaintStatus; note: string }, origin: RequestOrigin = {}): Promise<void> {
  const row = await managedComplaint(deps, caller, id);
  const note = step.note.trim();
  if (note.length < noteLength.min || note.length > noteLength.max) throw new InvalidComplaintError(`Each step needs a note of ${noteLength.min} to ${noteLength.max} characters.`);
  assertTransition(row.status, step.to);
  const now = deps.now();
  const triagedAt = step.to === 'triaged' ? now : row.triaged_at;
  // The officer who triages an unassigned complaint takes it.
  const assignee = row.assigned_officer_id ?? (step.to === 'triaged' && caller.platformRole === 'provincial_officer' ? caller.id : null);
  await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('complaints')
      .set({
        status: step.to,
        triaged_at: triagedAt,
        closed_at: closedStatuses.includes(step.to) ? now : null,
        due_at: dueAt(step.to, { submittedAt: row.submitted_at, triagedAt }, deps.sla),
        assigned_officer_id: assignee,
      })
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new InvalidComplaintTransitionError('The complaint was moved by someone else in the meantime; reload it.', { currentStatus: row.status, requestedStatus: step.to });
    await trx.insertInto('complaint_steps').values({ complaint_id: row.id, from_status: row.status, to_status: step.to, note, actor: caller.actor, at: now }).execute();
    await enqueueCitizenNotification(trx, { subjectKey: row.citizen_subject_key, kind: `complaint.${step.to}`, complaintId: row.id }, now);
    await auditComplaint(deps, trx, { caller, action: `complaint.${step.to}`, complaintId: row.id, facilityId: row.facility_id, origin, details: { from: row.status, to: step.to } });
  });
}

export async function assignComplaint(deps: ComplaintsDeps, caller: Caller, id: string, officerId: string, origin: RequestOrigin = {}): Promise<void> {
  const row = await managedComplaint(deps, caller, id);
  if (closedStatuses.includes(row.status)) throw new InvalidComplaintTransitionError(`A ${row.status} complaint is closed and is not reassigned.`, { currentStatus: row.status });
  const officer = isUuid(officerId)
    ? await deps.db.selectFrom('users').select(['id', 'province']).where('id', '=', officerId.toLowerCase()).where('platform_role', '=', 'provincial_officer').where('disabled_at', 'is', null).executeTakeFirst()
    : undefined;
  if (!officer || officer.province !== row.province) throw new IneligibleOfficerError("The assignee must be an active provincial officer of the facility's province.");
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('complaints').set({ assigned_officer_id: officer.id }).where('id', '=', row.id).execute();
    await auditComplaint(deps, trx, { caller, action: 'complaint.assigned', complaintId: row.id, facilityId: row.facility_id, origin, details: { officer: `user:${officer.id}` } });
  });
}
