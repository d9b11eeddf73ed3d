/**
 * The shape of one audit event and the checks that keep health data out of it: every field is an
 * identifier or a short code, never free text, so a name or a national ID cannot slip in unnoticed.
 */
import { isIP } from 'node:net';
import { InvalidAuditEventError } from './errors';

export type AuditDetailValue = string | number | boolean | null;

export interface AuditEventInput {
  /** `user:<id>`, `client:<id>`, `system`, `cli` or `anonymous`: an identifier, never a name. */
  actor: string;
  /** Dotted lower-case code, e.g. `auth.login_failed`, `certificate.issued`. */
  action: string;
  targetKind: string;
  targetId: string;
  facilityId?: string | null;
  ip?: string | null;
  requestId?: string | null;
  /** A few non-personal facts (type ids, counts, digests, reasons codes). */
  details?: Record<string, AuditDetailValue>;
}

export interface AuditEvent {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  targetKind: string;
  targetId: string;
  facilityId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, AuditDetailValue>;
  prevHash: string;
  hash: string;
}

const identifier = /^[A-Za-z0-9_:.-]{1,100}$/;
const actionCode = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const kindCode = /^[a-z][a-z0-9_]{0,39}$/;
const detailKey = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const requestIdShape = /^[\w-]{1,64}$/;
// A Thai national ID is 13 digits standing alone (not a run inside a hex digest or serial, which
// hashes and certificate serials often contain); Thai script means a name or free text.
const personalLooking = /(?<![0-9A-Za-z])\d{13}(?![0-9A-Za-z])|[\u0E00-\u0E7F]/;
const personalKeys = new Set(['name', 'names', 'nameth', 'nameen', 'nationalid', 'passport', 'patient', 'data', 'birthdate', 'diagnosis', 'phone', 'email', 'address', 'password', 'secret', 'totp']);
const maxDetails = 16;
const maxDetailLength = 200;

function refuse(message: string): never {
  throw new InvalidAuditEventError(message);
}

function checkIdentifier(field: string, value: string): void {
  if (!identifier.test(value) || personalLooking.test(value)) refuse(`Audit field ${field} must be a short identifier.`);
}

/** Validates and normalises an event (lower-case facility UUID) before it is hashed and stored. */
export function normaliseEvent(input: AuditEventInput): Required<AuditEventInput> {
  checkIdentifier('actor', input.actor);
  if (!actionCode.test(input.action)) refuse('Audit field action must be a dotted lower-case code.');
  if (!kindCode.test(input.targetKind)) refuse('Audit field targetKind must be a lower-case code.');
  checkIdentifier('targetId', input.targetId);
  const facilityId = input.facilityId ? input.facilityId.toLowerCase() : null;
  if (facilityId !== null && !uuid.test(facilityId)) refuse('Audit field facilityId must be a UUID.');
  const ip = input.ip ?? null;
  if (ip !== null && isIP(ip) === 0) refuse('Audit field ip must be an IP address.');
  const requestId = input.requestId ?? null;
  if (requestId !== null && !requestIdShape.test(requestId)) refuse('Audit field requestId must be a request id.');
  return { actor: input.actor, action: input.action, targetKind: input.targetKind, targetId: input.targetId, facilityId, ip, requestId, details: checkDetails(input.details ?? {}) };
}

function checkDetails(details: Record<string, AuditDetailValue>): Record<string, AuditDetailValue> {
  const entries = Object.entries(details).filter(([, value]) => value !== undefined);
  if (entries.length > maxDetails) refuse(`Audit details hold at most ${maxDetails} entries.`);
  for (const [key, value] of entries) {
    if (!detailKey.test(key) || personalKeys.has(key.toLowerCase())) refuse(`Audit detail key "${key.slice(0, 40)}" is not allowed.`);
    if (typeof value === 'number' && !Number.isFinite(value)) refuse(`Audit detail ${key} must be a finite number.`);
    if (typeof value === 'string' && (value.length > maxDetailLength || personalLooking.test(value))) refuse(`Audit detail ${key} must be a short code, not free text.`);
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) refuse(`Audit detail ${key} must be a string, number, boolean or null.`);
  }
  return Object.fromEntries(entries);
}
