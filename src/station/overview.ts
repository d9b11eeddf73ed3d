/**
 * What the Station shows first: who is signed in (practitioner, second factor, facilities and roles,
 * own onboarding requests) and, per facility, its licence and free period with the warning that
 * starts 60 days before the free period ends.
 */
import { assertFacilityAccess, type Caller } from '../accounts/caller';
import type { LicenceStatus } from '../registry/tables';
import type { StationDeps } from './deps';
import { listOnboarding, type OnboardingRequest } from './onboarding';

/** The free-period warning shows from this many days before its end. */
export const freePeriodWarningDays = 60;
const dayMs = 24 * 60 * 60 * 1000;

export interface FreePeriod {
  joinedAt: string;
  endsAt: string;
  daysLeft: number;
  state: 'running' | 'ending-soon' | 'ended';
}

export function freePeriod(joinedAt: Date, endsAt: Date, now: Date): FreePeriod {
  const daysLeft = Math.ceil((endsAt.getTime() - now.getTime()) / dayMs);
  return { joinedAt: joinedAt.toISOString(), endsAt: endsAt.toISOString(), daysLeft: Math.max(daysLeft, 0), state: daysLeft <= 0 ? 'ended' : daysLeft <= freePeriodWarningDays ? 'ending-soon' : 'running' };
}

export interface StationFacility {
  id: string;
  licenceNumber: string;
  kind: string;
  nameTh: string;
  nameEn: string;
  province: string;
  licenceStatus: LicenceStatus | null;
  roles: string[];
  freePeriod: FreePeriod;
}

export interface StationSelf {
  userId: string;
  platformRole: string;
  practitioner: { id: string; profession: string; licenceNumber: string; nameTh: string; nameEn: string } | null;
  secondFactor: boolean;
  facilities: StationFacility[];
  onboardingRequests: OnboardingRequest[];
}

export async function stationSelf(deps: StationDeps, caller: Caller): Promise<StationSelf> {
  const facilityIds = [...new Set(caller.facilities.map((grant) => grant.facilityId))];
  const [practitioner, secondFactor, facilities, onboardingRequests] = await Promise.all([
    caller.practitionerId ? deps.registry.getPractitioner(caller.practitionerId) : Promise.resolve(null),
    caller.kind === 'user' ? deps.accounts.hasTotp(caller.id) : Promise.resolve(false),
    Promise.all(facilityIds.map((id) => facilitySummary(deps, caller, id))),
    listOnboarding(deps, caller),
  ]);
  return {
    userId: caller.id,
    platformRole: caller.platformRole,
    practitioner: practitioner && { id: practitioner.id, profession: practitioner.profession, licenceNumber: practitioner.licenceNumber, nameTh: practitioner.nameTh, nameEn: practitioner.nameEn },
    secondFactor,
    facilities,
    onboardingRequests,
  };
}

export async function facilitySummary(deps: StationDeps, caller: Caller, facilityId: string): Promise<StationFacility> {
  assertFacilityAccess(caller, facilityId);
  const now = deps.now();
  const [facility, licenceStatus] = await Promise.all([deps.registry.getFacility(facilityId), deps.registry.facilityLicenceStatusAt(facilityId, now)]);
  return {
    id: facility.id,
    licenceNumber: facility.licenceNumber,
    kind: facility.kind,
    nameTh: facility.nameTh,
    nameEn: facility.nameEn,
    province: facility.province,
    licenceStatus,
    roles: caller.facilities.filter((grant) => grant.facilityId === facility.id).map((grant) => grant.role),
    freePeriod: freePeriod(facility.joinedAt, facility.freeUntil, now),
  };
}
