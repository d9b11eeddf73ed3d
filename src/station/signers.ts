/**
 * A facility's signers as its admin manages them: invited by professional licence number (the registry
 * must show the licence active), any number of them, removed by ending the membership (never deleted),
 * each shown with licence status, signing certificate and whether their login has a second factor.
 * A practitioner without a login gets a one-time invitation code to create one.
 */
import { assertFacilityAccess, type Caller } from '../accounts/caller';
import { InvalidInputError } from '../errors';
import { signingCertificateStatuses, type SigningCertificateStatus } from '../pki/owner-certificates';
import { currentStatusColumn } from '../registry/licence-status';
import { addMembership, endMembership } from '../registry/memberships';
import { professions, type LicenceStatus, type Profession } from '../registry/tables';
import type { Origin, StationDeps } from './deps';
import { AmbiguousLicenceError, PractitionerLicenceNotActiveError, PractitionerNotInRegistryError, SignerNotFoundError } from './errors';
import { invitationCodeDigest, newInvitationCode } from './invitation-code';

export const invitationLifetimeMs = 14 * 24 * 60 * 60 * 1000;

export type SignerAccount = 'active' | 'no-second-factor' | 'invited' | 'none';

export interface Signer {
  practitionerId: string;
  profession: string;
  licenceNumber: string;
  nameTh: string;
  nameEn: string;
  since: string;
  licenceStatus: LicenceStatus | null;
  signingCertificate: SigningCertificateStatus;
  account: SignerAccount;
}

export interface InvitedSigner {
  signer: Signer;
  /** Shown once to the admin to hand to the practitioner; null when they already have a login. */
  invitationCode: string | null;
  invitationExpiresAt: string | null;
}

export async function listSigners(deps: StationDeps, caller: Caller, facilityId: string): Promise<Signer[]> {
  assertFacilityAccess(caller, facilityId, ['admin', 'signer', 'staff']);
  const now = deps.now();
  const rows = await deps.db
    .selectFrom('memberships as m')
    .innerJoin('practitioners', 'practitioners.id', 'm.practitioner_id')
    .leftJoin('users as u', 'u.practitioner_id', 'practitioners.id')
    .select((eb) => [
      'practitioners.id',
      'practitioners.profession',
      'practitioners.licence_number',
      'practitioners.name_th',
      'practitioners.name_en',
      'm.since',
      currentStatusColumn('practitioner', 'practitioners.id', now),
      'u.id as user_id',
      'u.totp_secret_sealed',
      eb
        .exists(eb.selectFrom('signer_invitations as i').select('i.id').whereRef('i.practitioner_id', '=', 'practitioners.id').where('i.facility_id', '=', facilityId).where('i.accepted_at', 'is', null).where('i.expires_at', '>', now))
        .as('invited'),
    ])
    .where('m.facility_id', '=', facilityId)
    .where('m.role', '=', 'signer')
    .where('m.since', '<=', now)
    .where((eb) => eb.or([eb('m.until', 'is', null), eb('m.until', '>', now)]))
    .orderBy('practitioners.name_en')
    .execute();
  const certificates = await signingCertificateStatuses(deps.db, 'practitioner', rows.map((row) => row.id), now);
  return rows.map((row) => ({
    practitionerId: row.id,
    profession: row.profession,
    licenceNumber: row.licence_number,
    nameTh: row.name_th,
    nameEn: row.name_en,
    since: row.since.toISOString(),
    licenceStatus: row.licence_status ?? null,
    signingCertificate: certificates.get(row.id)!,
    account: row.user_id ? (row.totp_secret_sealed ? 'active' : 'no-second-factor') : row.invited ? 'invited' : 'none',
  }));
}

export async function inviteSigner(deps: StationDeps, caller: Caller, facilityId: string, request: { licenceNumber: string; profession?: string }, origin: Origin): Promise<InvitedSigner> {
  assertFacilityAccess(caller, facilityId, ['admin']);
  if (request.profession !== undefined && !(professions as readonly string[]).includes(request.profession)) throw new InvalidInputError(`A profession is one of ${professions.join(', ')}.`);
  const candidates = (await deps.registry.practitionersByLicence(request.licenceNumber)).filter((p) => !request.profession || p.profession === (request.profession as Profession));
  if (candidates.length === 0) throw new PractitionerNotInRegistryError('No practitioner with this professional licence number is in the registry.');
  if (candidates.length > 1) throw new AmbiguousLicenceError('Practitioners of several professions hold this licence number; choose the profession.', { professions: candidates.map((p) => p.profession) });
  const practitioner = candidates[0]!;
  if (practitioner.licenceStatus !== 'active') {
    throw new PractitionerLicenceNotActiveError(`The registry shows this practitioner's licence as ${practitioner.licenceStatus ?? 'not recorded'}; only an active licence can sign.`, { licenceStatus: practitioner.licenceStatus });
  }
  const now = deps.now();
  const hasLogin = await deps.db.selectFrom('users').select('id').where('practitioner_id', '=', practitioner.id).executeTakeFirst();
  const invitationCode = hasLogin ? null : newInvitationCode();
  const expiresAt = new Date(now.getTime() + invitationLifetimeMs);
  await deps.db.transaction().execute(async (trx) => {
    await addMembership(trx, { facilityId, practitionerId: practitioner.id, role: 'signer', since: now });
    if (invitationCode) {
      await trx.insertInto('signer_invitations').values({ facility_id: facilityId, practitioner_id: practitioner.id, code_hash: invitationCodeDigest(invitationCode), invited_by: caller.actor, expires_at: expiresAt, accepted_at: null }).execute();
    }
    await deps.audit.append({ actor: caller.actor, action: 'station.signer_added', targetKind: 'practitioner', targetId: practitioner.id, facilityId, ip: origin.ip, requestId: origin.requestId, details: { invited: Boolean(invitationCode) } }, trx);
  });
  const signer = (await listSigners(deps, caller, facilityId)).find((s) => s.practitionerId === practitioner.id)!;
  return { signer, invitationCode, invitationExpiresAt: invitationCode ? expiresAt.toISOString() : null };
}

/** Ends the practitioner's signer membership now; the row stays as history, and open invitations lapse. */
export async function removeSigner(deps: StationDeps, caller: Caller, facilityId: string, practitionerId: string, origin: Origin): Promise<void> {
  assertFacilityAccess(caller, facilityId, ['admin']);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const open = await trx.selectFrom('memberships').select('id').where('facility_id', '=', facilityId).where('practitioner_id', '=', practitionerId).where('role', '=', 'signer').where('until', 'is', null).executeTakeFirst();
    if (!open) throw new SignerNotFoundError('This practitioner is not a current signer at this facility.');
    await endMembership(trx, open.id, now);
    await trx.updateTable('signer_invitations').set({ expires_at: now }).where('facility_id', '=', facilityId).where('practitioner_id', '=', practitionerId).where('accepted_at', 'is', null).where('expires_at', '>', now).execute();
    await deps.audit.append({ actor: caller.actor, action: 'station.signer_removed', targetKind: 'practitioner', targetId: practitionerId, facilityId, ip: origin.ip, requestId: origin.requestId }, trx);
  });
}
