/** Errors of the citizen wallet: one-time sign-in codes and share links. */
import { AuthenticationError, InvalidInputError, MedcertError, RateLimitedError, type ErrorKind } from '../errors';

/** A phone number is not a Thai mobile number nor an international number in +country form. */
export class InvalidPhoneNumberError extends InvalidInputError {
  static override code = 'ERR_INVALID_PHONE_NUMBER';
}

/** The one-time code is wrong (the attempt is counted). */
export class WrongOneTimeCodeError extends AuthenticationError {
  static override code = 'ERR_WRONG_ONE_TIME_CODE';
}

/** The one-time code has expired, was used already, or never existed: ask for a new one. */
export class OneTimeCodeExpiredError extends AuthenticationError {
  static override code = 'ERR_ONE_TIME_CODE_EXPIRED';
}

/** Five wrong codes: this code is dead, ask for a new one. */
export class TooManyCodeAttemptsError extends RateLimitedError {
  static override code = 'ERR_TOO_MANY_CODE_ATTEMPTS';
}

/** Too many codes were sent for this identifier recently. */
export class TooManyCodesSentError extends RateLimitedError {
  static override code = 'ERR_TOO_MANY_CODES_SENT';
}

/** The share link expired or its owner revoked it. */
export class ShareLinkGoneError extends MedcertError {
  static override code = 'ERR_SHARE_LINK_GONE';
  static override kind: ErrorKind = 'gone';
}
