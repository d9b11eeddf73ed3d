/** One error hierarchy with stable codes, mapped once to problem+json (HTTP) and exit codes (CLI). */

export type ErrorKind = 'input' | 'auth' | 'forbidden' | 'not-found' | 'conflict' | 'gone' | 'too-large' | 'rate-limited' | 'negative' | 'unavailable' | 'internal';

const httpStatusByKind: Record<ErrorKind, number> = {
  input: 400,
  auth: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'too-large': 413,
  'rate-limited': 429,
  negative: 422,
  unavailable: 503,
  internal: 500,
};

/** The members RFC 9457 gives a problem itself; an error's details travel beside them as extensions, never over them. */
export const reservedProblemMembers = ['type', 'title', 'status', 'detail', 'instance'] as const;

/** Machine-readable facts about an error (e.g. `currentStatus`), published as problem+json extensions. */
export type ErrorDetails = Record<string, unknown> & { readonly [member in (typeof reservedProblemMembers)[number]]?: never };

/** Base class: every error the service raises on purpose carries a stable `code` and a kind. */
export class MedcertError extends Error {
  static code = 'ERR_MEDCERT';
  static kind: ErrorKind = 'internal';
  readonly details?: ErrorDetails;

  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }

  get code(): string {
    return (this.constructor as typeof MedcertError).code;
  }

  get kind(): ErrorKind {
    return (this.constructor as typeof MedcertError).kind;
  }

  get httpStatus(): number {
    return httpStatusByKind[this.kind];
  }

  /** problem+json `type`: a stable URI derived from the code. */
  get problemType(): string {
    return `https://medcert.dev/problems/${this.code.replace(/^ERR_/, '').toLowerCase().replaceAll('_', '-')}`;
  }

  /** CLI exit code: 1 for a negative result, 2 for usage and input errors, 1 otherwise. */
  get exitCode(): number {
    return this.kind === 'input' || this.kind === 'too-large' ? 2 : 1;
  }
}

/** The request or command line is malformed or fails validation. */
export class InvalidInputError extends MedcertError {
  static override code = 'ERR_INVALID_INPUT';
  static override kind: ErrorKind = 'input';
}

/** A CLI invocation uses an unknown command or option. */
export class UsageError extends MedcertError {
  static override code = 'ERR_USAGE';
  static override kind: ErrorKind = 'input';
}

/** Credentials are missing or wrong. */
export class AuthenticationError extends MedcertError {
  static override code = 'ERR_AUTHENTICATION';
  static override kind: ErrorKind = 'auth';
}

/** The caller is known but may not do this (wrong facility, wrong role). */
export class ForbiddenError extends MedcertError {
  static override code = 'ERR_FORBIDDEN';
  static override kind: ErrorKind = 'forbidden';
}

/** The thing asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends MedcertError {
  static override code = 'ERR_NOT_FOUND';
  static override kind: ErrorKind = 'not-found';
}

/** The request conflicts with the current state (duplicate, reused idempotency key, wrong state). */
export class ConflictError extends MedcertError {
  static override code = 'ERR_CONFLICT';
  static override kind: ErrorKind = 'conflict';
}

/** An upload or body is larger than allowed. */
export class PayloadTooLargeError extends MedcertError {
  static override code = 'ERR_PAYLOAD_TOO_LARGE';
  static override kind: ErrorKind = 'too-large';
}

/** Too many requests from one caller. */
export class RateLimitedError extends MedcertError {
  static override code = 'ERR_RATE_LIMITED';
  static override kind: ErrorKind = 'rate-limited';
}

/** The server is not configured to do this safely (e.g. production without a KEK). */
export class ConfigurationError extends MedcertError {
  static override code = 'ERR_CONFIGURATION';
  static override kind: ErrorKind = 'unavailable';
}
