/** Errors raised when a person's identifier is malformed. */
import { InvalidInputError } from '../errors';

/** A Thai national ID is not 13 digits or its check digit is wrong. */
export class InvalidNationalIdError extends InvalidInputError {
  static override code = 'ERR_INVALID_NATIONAL_ID';
}

/** A passport number, nationality code or work-permit number is malformed. */
export class InvalidForeignIdentifierError extends InvalidInputError {
  static override code = 'ERR_INVALID_FOREIGN_IDENTIFIER';
}
