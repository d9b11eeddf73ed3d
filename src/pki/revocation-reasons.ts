/** RFC 5280 CRLReason names and codes, shared by the CRL, OCSP and `revoke`. */
import { InvalidInputError } from '../errors';

export const revocationReasons = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
} as const;

export type RevocationReason = keyof typeof revocationReasons;

export function parseRevocationReason(value: string): RevocationReason {
  if (Object.hasOwn(revocationReasons, value)) return value as RevocationReason;
  throw new InvalidInputError(`Unknown revocation reason; expected one of: ${Object.keys(revocationReasons).join(', ')}.`);
}

export function revocationReasonCode(value: string | null): number {
  return value !== null && Object.hasOwn(revocationReasons, value) ? revocationReasons[value as RevocationReason] : 0;
}
