/** Errors of the Station: onboarding, signer invitations and the certificate actions it adds. */
import { ConflictError, InvalidInputError, MedcertError, NotFoundError, type ErrorKind } from '../errors';

/** No facility with this licence number is in the registry. */
export class FacilityNotInRegistryError extends NotFoundError {
  static override code = 'ERR_FACILITY_NOT_IN_REGISTRY';
}

/** The registry does not show the facility's licence as active, so it cannot join the platform. */
export class FacilityLicenceNotActiveError extends MedcertError {
  static override code = 'ERR_FACILITY_LICENCE_NOT_ACTIVE';
  static override kind: ErrorKind = 'negative';
}

/** No practitioner with this professional licence number is in the registry. */
export class PractitionerNotInRegistryError extends NotFoundError {
  static override code = 'ERR_PRACTITIONER_NOT_IN_REGISTRY';
}

/** The registry does not show the practitioner's licence as active, so they cannot be a signer. */
export class PractitionerLicenceNotActiveError extends MedcertError {
  static override code = 'ERR_PRACTITIONER_LICENCE_NOT_ACTIVE';
  static override kind: ErrorKind = 'negative';
}

/** Several practitioners (of different professions) hold this licence number: the profession must be named. */
export class AmbiguousLicenceError extends InvalidInputError {
  static override code = 'ERR_AMBIGUOUS_LICENCE';
}

/** The action needs a user account linked to a practitioner in the registry. */
export class NotAPractitionerAccountError extends InvalidInputError {
  static override code = 'ERR_NOT_A_PRACTITIONER_ACCOUNT';
}

/** The facility is already on the platform, or already has a request waiting. */
export class OnboardingConflictError extends ConflictError {
  static override code = 'ERR_ONBOARDING_CONFLICT';
}

/** No onboarding request has this id. */
export class OnboardingRequestNotFoundError extends NotFoundError {
  static override code = 'ERR_ONBOARDING_REQUEST_NOT_FOUND';
}

/** The practitioner is not a current signer at this facility. */
export class SignerNotFoundError extends NotFoundError {
  static override code = 'ERR_SIGNER_NOT_FOUND';
}

/** The invitation code is wrong, used or expired (one answer for all, so codes cannot be probed). */
export class InvitationInvalidError extends InvalidInputError {
  static override code = 'ERR_INVITATION_INVALID';
}
