/** Errors of verification and of verifier organisations, each with a stable code (and so a stable problem+json type). */
import { AuthenticationError, ConflictError, ForbiddenError, MedcertError, PayloadTooLargeError } from '../errors';

/** Verification of one file took longer than its time budget (a pathological file); the answer is 503 `verification-timeout`. */
export class VerificationTimeoutError extends MedcertError {
  static override code = 'ERR_VERIFICATION_TIMEOUT';
  static override kind = 'unavailable' as const;
}

/** The uploaded PDF has more pages than a certificate could have. */
export class TooManyPagesError extends PayloadTooLargeError {
  static override code = 'ERR_TOO_MANY_PAGES';
}

/** An `ApiKey` (or X-Api-Key) credential is malformed, unknown, revoked, or its organisation is not active. */
export class InvalidApiKeyError extends AuthenticationError {
  static override code = 'ERR_INVALID_API_KEY';
}

/** The caller manages no verifier organisation. */
export class NotAVerifierError extends ForbiddenError {
  static override code = 'ERR_NOT_A_VERIFIER';
}

/** The organisation is pending approval or suspended, so it may not do this yet. */
export class VerifierNotActiveError extends ForbiddenError {
  static override code = 'ERR_VERIFIER_NOT_ACTIVE';
}

/** The organisation is not in a state this decision applies to (e.g. approving an active one). */
export class VerifierStateError extends ConflictError {
  static override code = 'ERR_VERIFIER_STATE';
}
