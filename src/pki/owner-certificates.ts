/** The state of the newest signing certificate each owner (practitioner, facility) holds, for the Station's signer list. */
import type { Db } from '../db/database';
import type { CertificateOwnerKind } from './tables';

export type SigningCertificateState = 'none' | 'good' | 'expired' | 'revoked';

export interface SigningCertificateStatus {
  state: SigningCertificateState;
  serial: string | null;
  notAfter: string | null;
}

/** One entry per owner id; an owner without a certificate yet is `none` (one is issued at their first signature). */
export async function signingCertificateStatuses(db: Db, ownerKind: CertificateOwnerKind, ownerIds: string[], now = new Date()): Promise<Map<string, SigningCertificateStatus>> {
  const statuses = new Map<string, SigningCertificateStatus>(ownerIds.map((id) => [id, { state: 'none', serial: null, notAfter: null }]));
  if (ownerIds.length === 0) return statuses;
  const rows = await db
    .selectFrom('pki_certificates')
    .select(['owner_id', 'serial', 'status', 'not_after'])
    .where('owner_kind', '=', ownerKind)
    .where('owner_id', 'in', ownerIds)
    .orderBy('not_before', 'asc')
    .execute();
  for (const row of rows) {
    const state: SigningCertificateState = row.status === 'revoked' ? 'revoked' : row.not_after <= now ? 'expired' : 'good';
    // Later rows are newer: the last one per owner wins.
    statuses.set(row.owner_id!, { state, serial: row.serial, notAfter: row.not_after.toISOString() });
  }
  return statuses;
}
