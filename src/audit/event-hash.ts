/** The chain link: SHA-256 over the canonical JSON of an event's fields and the previous event's hash. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../json/canonical-json';
import type { AuditEvent } from './audit-event';

export const genesisHash = '0'.repeat(64);

export function eventHash(event: Omit<AuditEvent, 'hash'>): string {
  const encoded = canonicalJson({
    seq: event.seq,
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
    targetKind: event.targetKind,
    targetId: event.targetId,
    facilityId: event.facilityId,
    ip: event.ip,
    requestId: event.requestId,
    details: event.details,
    prevHash: event.prevHash,
  });
  return createHash('sha256').update(encoded).digest('hex');
}
