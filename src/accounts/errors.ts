/** Errors of accounts and access control; OAuth2 errors also carry RFC 6749's `error` code inside problem+json. */
import { AuthenticationError, ForbiddenError, InvalidInputError, MedcertError, type ErrorKind } from '../errors';

/** Username, password or one-time code is wrong (one message for all, so usernames cannot be probed). */
export class InvalidCredentialsError extends AuthenticationError {
  static override code = 'ERR_INVALID_CREDENTIALS';
}

/** The password was right but the account has a second factor and no one-time code was sent. */
export class TotpRequiredError extends AuthenticationError {
  static override code = 'ERR_TOTP_REQUIRED';
}

/** A state-changing request authenticated by the session cookie lacks the matching CSRF token. */
export class CsrfTokenError extends ForbiddenError {
  static override code = 'ERR_CSRF_TOKEN';
}

/** The request has no valid bearer token or session. */
export class NotAuthenticatedError extends AuthenticationError {
  static override code = 'ERR_NOT_AUTHENTICATED';
}

/** A username is already taken. */
export class UsernameTakenError extends MedcertError {
  static override code = 'ERR_USERNAME_TAKEN';
  static override kind: ErrorKind = 'conflict';
}

type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

function oauthDetails(error: OAuthErrorCode, description: string): Record<string, unknown> {
  return { error, error_description: description };
}

/** RFC 6749 `invalid_request`: a parameter is missing, repeated or malformed. */
export class OAuthInvalidRequestError extends InvalidInputError {
  static override code = 'ERR_OAUTH_INVALID_REQUEST';
  constructor(description: string) {
    super(description, oauthDetails('invalid_request', description));
  }
}

/** RFC 6749 `invalid_client`: unknown client, wrong secret, revoked client or no client authentication. */
export class OAuthInvalidClientError extends AuthenticationError {
  static override code = 'ERR_OAUTH_INVALID_CLIENT';
  constructor(description = 'Client authentication failed.') {
    super(description, oauthDetails('invalid_client', description));
  }
}

/** RFC 6749 `unsupported_grant_type`: only client_credentials is offered. */
export class OAuthUnsupportedGrantTypeError extends InvalidInputError {
  static override code = 'ERR_OAUTH_UNSUPPORTED_GRANT_TYPE';
  constructor(description = 'Only grant_type=client_credentials is supported.') {
    super(description, oauthDetails('unsupported_grant_type', description));
  }
}

/** RFC 6749 `invalid_scope`: a scope asked for is unknown or not granted to this client. */
export class OAuthInvalidScopeError extends InvalidInputError {
  static override code = 'ERR_OAUTH_INVALID_SCOPE';
  constructor(description: string) {
    super(description, oauthDetails('invalid_scope', description));
  }
}
