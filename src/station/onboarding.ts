/**
 * Facility onboarding: a facility admin names the facility by its licence number, the registry must
 * show that licence active, and the platform operator approves or refuses. Approval records the
 * joining date (the free period runs two years from it) and makes the requester the facility's admin,
 * in one transaction with the decision.
 */
import type { Caller } from '../accounts/caller';
import { ForbiddenError } from '../errors';
import { recordJoining } from '../registry/facilities';
import { addMembership } from '../registry/memberships';
import type { StationDeps, Origin } from './deps';
import { FacilityLicenceNotActiveError, FacilityNotInRegistryError, NotAPractitionerAccountError, OnboardingConflictError, OnboardingRequestNotFoundError } from './errors';
import type { OnboardingStatus } from './tables';

export interface OnboardingRequest {
  id: string;
  status: OnboardingStatus;
  facility: { id: string; licenceNumber: string; nameTh: string; nameEn: string; kind: string; province: string };
  requester: { practitionerId: string; nameTh: string; nameEn: string; licenceNumber: string };
  createdAt: string;
  decidedAt: string | null;
  refusalReason: string | null;
}

export async function requestOnboarding(deps: StationDeps, caller: Caller, licenceNumber: string, origin: Origin): Promise<OnboardingRequest> {
  if (caller.kind !== 'user' || !caller.practitionerId) throw new NotAPractitionerAccountError('Only a signed-in practitioner (the facility admin) can ask for onboarding.');
  const facility = await deps.registry.findFacilityByLicence(licenceNumber);
  if (!facility) throw new FacilityNotInRegistryError('No facility with this licence number is in the registry.');
  await assertFacilityLicensed(deps, facility.id);
  const open = await deps.db.selectFrom('facility_onboarding_requests').select('status').where('facility_id', '=', facility.id).where('status', 'in', ['pending', 'approved']).executeTakeFirst();
  if (open) throw new OnboardingConflictError(open.status === 'approved' ? 'This facility is already on the platform.' : 'This facility already has an onboarding request waiting for the platform operator.');
  const row = await deps.db
    .insertInto('facility_onboarding_requests')
    .values({ facility_id: facility.id, requested_by: caller.id, practitioner_id: caller.practitionerId, decided_by: null, decided_at: null, refusal_reason: null })
    // Two requests at once: the partial unique index lets only one stay pending.
    .onConflict((oc) => oc.column('facility_id').where('status', '=', 'pending').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new OnboardingConflictError('This facility already has an onboarding request waiting for the platform operator.');
  await deps.audit.append({ actor: caller.actor, action: 'station.onboarding_requested', targetKind: 'onboarding_request', targetId: row.id, facilityId: facility.id, ip: origin.ip, requestId: origin.requestId });
  return getRequest(deps, row.id);
}

/** Platform operators see every request (by status); anyone else only the ones they made. */
export async function listOnboarding(deps: StationDeps, caller: Caller, status?: OnboardingStatus): Promise<OnboardingRequest[]> {
  let query = selectRequests(deps);
  if (caller.platformRole !== 'platform_operator') query = query.where('r.requested_by', '=', caller.kind === 'user' ? caller.id : '00000000-0000-0000-0000-000000000000');
  if (status) query = query.where('r.status', '=', status);
  const rows = await query.orderBy('r.created_at', 'desc').limit(200).execute();
  return rows.map(toRequest);
}

export type OnboardingDecision = { approve: true } | { approve: false; reason: string };

export async function decideOnboarding(deps: StationDeps, caller: Caller, requestId: string, decision: OnboardingDecision, origin: Origin): Promise<OnboardingRequest> {
  if (caller.platformRole !== 'platform_operator' || caller.kind !== 'user') throw new ForbiddenError('Only the platform operator decides onboarding requests.');
  const request = await deps.db.selectFrom('facility_onboarding_requests').select(['id', 'facility_id', 'practitioner_id', 'status']).where('id', '=', requestId).executeTakeFirst();
  if (!request) throw new OnboardingRequestNotFoundError('No onboarding request has this id.');
  if (request.status !== 'pending') throw new OnboardingConflictError(`This request was already ${request.status}.`);
  // The licence may have changed since the request: approval re-checks it.
  if (decision.approve) await assertFacilityLicensed(deps, request.facility_id);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const decided = await trx
      .updateTable('facility_onboarding_requests')
      .set({ status: decision.approve ? 'approved' : 'refused', decided_by: caller.id, decided_at: now, refusal_reason: decision.approve ? null : decision.reason.trim() })
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) !== 1) throw new OnboardingConflictError('This request was decided meanwhile.');
    if (decision.approve) {
      await recordJoining(trx, request.facility_id, now);
      await addMembership(trx, { facilityId: request.facility_id, practitionerId: request.practitioner_id, role: 'admin', since: now });
    }
    await deps.audit.append(
      { actor: caller.actor, action: decision.approve ? 'station.onboarding_approved' : 'station.onboarding_refused', targetKind: 'onboarding_request', targetId: requestId, facilityId: request.facility_id, ip: origin.ip, requestId: origin.requestId },
      trx,
    );
  });
  return getRequest(deps, requestId);
}

async function assertFacilityLicensed(deps: StationDeps, facilityId: string): Promise<void> {
  const status = await deps.registry.facilityLicenceStatusAt(facilityId, deps.now());
  if (status !== 'active') throw new FacilityLicenceNotActiveError(`The registry shows this facility's licence as ${status ?? 'not recorded'}; only a licensed, active facility can join.`, { licenceStatus: status });
}

function selectRequests(deps: StationDeps) {
  return deps.db
    .selectFrom('facility_onboarding_requests as r')
    .innerJoin('facilities as f', 'f.id', 'r.facility_id')
    .innerJoin('practitioners as p', 'p.id', 'r.practitioner_id')
    .select([
      'r.id',
      'r.status',
      'r.created_at',
      'r.decided_at',
      'r.refusal_reason',
      'f.id as facility_id',
      'f.licence_number as facility_licence',
      'f.name_th as facility_name_th',
      'f.name_en as facility_name_en',
      'f.kind',
      'f.province',
      'p.id as practitioner_id',
      'p.name_th as practitioner_name_th',
      'p.name_en as practitioner_name_en',
      'p.licence_number as practitioner_licence',
    ]);
}

async function getRequest(deps: StationDeps, id: string): Promise<OnboardingRequest> {
  return toRequest(await selectRequests(deps).where('r.id', '=', id).executeTakeFirstOrThrow());
}

function toRequest(row: Awaited<ReturnType<ReturnType<typeof selectRequests>['executeTakeFirstOrThrow']>>): OnboardingRequest {
  return {
    id: row.id,
    status: row.status,
    facility: { id: row.facility_id, licenceNumber: row.facility_licence, nameTh: row.facility_name_th, nameEn: row.facility_name_en, kind: row.kind, province: row.province },
    requester: { practitionerId: row.practitioner_id, nameTh: row.practitioner_name_th, nameEn: row.practitioner_name_en, licenceNumber: row.practitioner_licence },
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    refusalReason: row.refusal_reason,
  };
}
