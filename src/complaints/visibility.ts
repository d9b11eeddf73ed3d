/**
 * Who sees which complaint, and how much of it: the citizen their own; a provincial officer those of
 * their province; platform operators all; a facility admin those against their facility, without the
 * citizen's identity, the officers' notes or the attachments.
 */
import type { Caller } from '../accounts/caller';

/** `staff` sees everything, `citizen` their own complaint, `facility` the redacted complaint against it. */
export type ComplaintView = 'staff' | 'citizen' | 'facility';

export interface ComplaintOwnership {
  citizenSubjectKey: string;
  facilityId: string;
  province: string;
}

/** The officer's province (its ISO 3166-2:TH code, as complaints store it), or null for anyone who is not an officer. */
export function officerProvince(caller: Caller): string | null {
  return caller.platformRole === 'provincial_officer' ? caller.province : null;
}

/** The caller's own subject key when they are a signed-in citizen. */
export function citizenKey(caller: Caller): string | null {
  return caller.platformRole === 'citizen' && caller.kind === 'user' ? caller.citizenSubjectKey : null;
}

/** The facilities the caller administers (a complaint is the facility admin's business, not its staff's nor its HIS's). */
export function administeredFacilities(caller: Caller): string[] {
  return caller.kind === 'user' ? [...new Set(caller.facilities.filter((grant) => grant.role === 'admin').map((grant) => grant.facilityId))] : [];
}

/** May the caller move the complaint through its workflow and assign it: operators, and officers of its province. */
export function canManage(caller: Caller, complaint: ComplaintOwnership): boolean {
  if (caller.kind !== 'user') return false;
  return caller.platformRole === 'platform_operator' || officerProvince(caller) === complaint.province;
}

/** The view the caller gets of this complaint, or null when they may not see it at all. */
export function viewOf(caller: Caller, complaint: ComplaintOwnership): ComplaintView | null {
  if (canManage(caller, complaint)) return 'staff';
  const key = citizenKey(caller);
  if (key !== null && key === complaint.citizenSubjectKey) return 'citizen';
  if (administeredFacilities(caller).includes(complaint.facilityId.toLowerCase())) return 'facility';
  return null;
}
