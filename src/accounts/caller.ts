/**
 * Who is calling: a user (by session) or a hospital system's OAuth client (by bearer token), with the
 * facilities they may act for. Every facility-scoped query goes through `assertFacilityAccess` or
 * `facilityScope`, so staff of one clinic never reach another's data.
 */
import type { MembershipRole } from '../registry/tables';
import type { AccountsDeps } from './deps';
import { ForbiddenError } from '../errors';
import type { PlatformRole } from './tables';

/** A facility role: the membership roles of people, and `client` for a facility's hospital system. */
export type FacilityRole = MembershipRole | 'client';

export interface FacilityGrant {
  facilityId: string;
  role: FacilityRole;
}

export interface Caller {
  kind: 'user' | 'client';
  id: string;
  /** How the audit log names this caller: `user:<id>` or `client:<id>`. */
  actor: string;
  platformRole: PlatformRole;
  practitionerId: string | null;
  citizenSubjectKey: string | null;
  /** A provincial officer's province; null for everyone else. */
  province: string | null;
  facilities: FacilityGrant[];
  /** OAuth scopes of a client's token; users act through their roles instead. */
  scopes: string[];
  via: 'session' | 'bearer';
}

/** Passes when the caller acts for the facility in one of `roles` (any role when omitted); platform operators pass everywhere. */
export function assertFacilityAccess(caller: Caller, facilityId: string, roles?: readonly FacilityRole[]): void {
  if (caller.platformRole === 'platform_operator') return;
  const granted = caller.facilities.some((grant) => grant.facilityId === facilityId.toLowerCase() && (!roles || roles.includes(grant.role)));
  if (!granted) throw new ForbiddenError('You have no access to this facility for this action.');
}

/** The facilities a query must be limited to: `all` for platform operators, otherwise the caller's own (maybe none). */
export function facilityScope(caller: Caller, roles?: readonly FacilityRole[]): 'all' | string[] {
  if (caller.platformRole === 'platform_operator') return 'all';
  return [...new Set(caller.facilities.filter((grant) => !roles || roles.includes(grant.role)).map((grant) => grant.facilityId))];
}

export async function callerForUser(deps: AccountsDeps, userId: string): Promise<Caller | null> {
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'platform_role', 'practitioner_id', 'citizen_subject_key', 'province'])
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!user) return null;
  const now = deps.now();
  const memberships = user.practitioner_id
    ? await deps.db
        .selectFrom('memberships')
        .select(['facility_id', 'role'])
        .where('practitioner_id', '=', user.practitioner_id)
        .where('since', '<=', now)
        .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
        .execute()
    : [];
  return {
    kind: 'user',
    id: user.id,
    actor: `user:${user.id}`,
    platformRole: user.platform_role,
    practitionerId: user.practitioner_id,
    citizenSubjectKey: user.citizen_subject_key,
    province: user.province,
    facilities: memberships.map((m) => ({ facilityId: m.facility_id, role: m.role })),
    scopes: [],
    via: 'session',
  };
}
