/** Errors of the audit log. */
import { MedcertError, type ErrorKind } from '../errors';

/** An audit event has a field that does not fit its narrow shape (a programming error: events carry no free text). */
export class InvalidAuditEventError extends MedcertError {
  static override code = 'ERR_AUDIT_EVENT_INVALID';
  static override kind: ErrorKind = 'internal';
}
