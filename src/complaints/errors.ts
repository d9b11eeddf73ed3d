/** Errors of complaints: what a citizen, an officer or a facility admin can get wrong, each with a stable code. */
import { ConflictError, InvalidInputError, MedcertError, NotFoundError, PayloadTooLargeError, type ErrorKind } from '../errors';

/** A field of the complaint breaks its rules: unknown category, visit date in the future, description too long. */
export class InvalidComplaintError extends InvalidInputError {
  static override code = 'ERR_INVALID_COMPLAINT';
}

/** The facility named is not in the registry. */
export class UnknownComplaintFacilityError extends InvalidInputError {
  static override code = 'ERR_COMPLAINT_UNKNOWN_FACILITY';
}

/** Complaints here are about private facilities; public hospitals have their own channel. */
export class PublicFacilityComplaintError extends MedcertError {
  static override code = 'ERR_COMPLAINT_PUBLIC_FACILITY';
  static override kind: ErrorKind = 'negative';
}

/** No complaint with this id, or none the caller may see. */
export class ComplaintNotFoundError extends NotFoundError {
  static override code = 'ERR_COMPLAINT_NOT_FOUND';
}

/** The workflow does not allow this move from the complaint's current status. */
export class InvalidComplaintTransitionError extends ConflictError {
  static override code = 'ERR_COMPLAINT_INVALID_TRANSITION';
}

/** The facility has already given its one response, or the complaint is closed. */
export class ComplaintResponseRefusedError extends ConflictError {
  static override code = 'ERR_COMPLAINT_RESPONSE_REFUSED';
}

/** The officer named is not an active provincial officer of the complaint's province. */
export class IneligibleOfficerError extends InvalidInputError {
  static override code = 'ERR_COMPLAINT_INELIGIBLE_OFFICER';
}

/** An attachment is not a PNG, JPEG or PDF by its content, is empty, or there are too many. */
export class UnsupportedAttachmentError extends InvalidInputError {
  static override code = 'ERR_UNSUPPORTED_ATTACHMENT';
}

/** An attachment is larger than allowed. */
export class AttachmentTooLargeError extends PayloadTooLargeError {
  static override code = 'ERR_ATTACHMENT_TOO_LARGE';
}
