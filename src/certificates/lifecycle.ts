/** The certificate state machine: draft → pending_signature → signing → issued → revoked | superseded; nothing else moves. */
import { ConflictError } from '../errors';
import type { CertificateStatus } from './tables';

export type CertificateAction = 'submit' | 'approve' | 'complete' | 'revoke' | 'supersede';

const transitions: Record<CertificateAction, { from: CertificateStatus[]; to: CertificateStatus }> = {
  submit: { from: ['draft'], to: 'pending_signature' },
  approve: { from: ['draft', 'pending_signature'], to: 'signing' },
  complete: { from: ['signing'], to: 'issued' },
  revoke: { from: ['issued'], to: 'revoked' },
  supersede: { from: ['issued'], to: 'superseded' },
};

/** Invalid lifecycle move (e.g. revoking a draft, signing an issued certificate). */
export class InvalidTransitionError extends ConflictError {
  static override code = 'ERR_CERTIFICATE_INVALID_TRANSITION';
}

export function nextStatus(current: CertificateStatus, action: CertificateAction): CertificateStatus {
  const rule = transitions[action];
  if (!rule.from.includes(current)) {
    throw new InvalidTransitionError(`A certificate that is ${current.replace('_', ' ')} cannot be ${pastTense[action]}.`, { currentStatus: current, action });
  }
  return rule.to;
}

/** The statuses an action may start from, for guarded UPDATE … WHERE status IN (…). */
export function statusesAllowing(action: CertificateAction): CertificateStatus[] {
  return transitions[action].from;
}

const pastTense: Record<CertificateAction, string> = {
  submit: 'submitted for signature',
  approve: 'approved for signing',
  complete: 'completed',
  revoke: 'revoked',
  supersede: 'superseded',
};
