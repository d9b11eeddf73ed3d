/**
 * A practitioner redeems the invitation code their facility admin gave them: a login linked to their
 * registry record is created (username and password of their choosing), and they then enrol an
 * authenticator from the Station. The code is claimed first, so it works once even under a race,
 * and is released again if the login cannot be created (e.g. the username is taken).
 */
import { checkPasswordPolicy } from '../accounts/password';
import { normaliseUsername } from '../accounts/users';
import type { Origin, StationDeps } from './deps';
import { InvitationInvalidError } from './errors';
import { invitationCodeDigest } from './invitation-code';

export interface InvitationAcceptance {
  code: string;
  username: string;
  password: string;
}

export async function acceptInvitation(deps: StationDeps, request: InvitationAcceptance, origin: Origin): Promise<{ userId: string }> {
  normaliseUsername(request.username);
  checkPasswordPolicy(request.password);
  const now = deps.now();
  const claimed = await deps.db
    .updateTable('signer_invitations')
    .set({ accepted_at: now })
    .where('code_hash', '=', invitationCodeDigest(request.code))
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'practitioner_id', 'facility_id'])
    .executeTakeFirst();
  const fail = async (reason: string): Promise<never> => {
    await deps.audit.append({ actor: 'anonymous', action: 'station.invitation_failed', targetKind: 'invitation', targetId: claimed?.id ?? 'unknown', ip: origin.ip, requestId: origin.requestId, details: { reason } });
    throw new InvitationInvalidError('The invitation code is wrong, already used or expired; ask the facility admin for a new one.');
  };
  if (!claimed) return fail('unknown_or_used');
  const existing = await deps.db.selectFrom('users').select('id').where('practitioner_id', '=', claimed.practitioner_id).executeTakeFirst();
  if (existing) return fail('already_has_login');
  try {
    const created = await deps.accounts.createUser({ username: request.username, password: request.password, practitionerId: claimed.practitioner_id });
    await deps.audit.append({ actor: `user:${created.id}`, action: 'station.invitation_accepted', targetKind: 'invitation', targetId: claimed.id, facilityId: claimed.facility_id, ip: origin.ip, requestId: origin.requestId });
    return { userId: created.id };
  } catch (error) {
    await deps.db.updateTable('signer_invitations').set({ accepted_at: null }).where('id', '=', claimed.id).execute();
    throw error;
  }
}
