/**
 * The record of every verification, anonymous or by an organisation's API key: when, by which channel,
 * which certificate (when the verdict named one), the outcome. Never the file, the payload nor the address.
 */
import type { Db } from '../db/database';
import type { VerifierKind, VerificationChannel } from './tables';
import type { VerificationResult } from './verification';
import type { VerifierIdentity } from './verifier-api-keys';

export interface VerificationRecord {
  at: string;
  channel: VerificationChannel;
  certificateId: string | null;
  valid: boolean;
  reasons: string[];
}

export interface CertificateVerification {
  /** Null for anonymous verifications (the public page, or the API without a key). */
  organisation: { id: string; name: string; kind: VerifierKind } | null;
  at: string;
}

export async function recordVerification(db: Db, channel: VerificationChannel, result: Pick<VerificationResult, 'valid' | 'reasons' | 'document'>, verifier: VerifierIdentity | null): Promise<void> {
  await db
    .insertInto('verifications')
    .values({
      channel,
      certificate_id: result.document?.id ?? null,
      valid: result.valid,
      reasons: JSON.stringify(result.reasons),
      organisation_id: verifier?.organisationId ?? null,
      api_key_id: verifier?.keyId ?? null,
    })
    .execute();
}

/** One organisation's verifications, newest first, paged by `before`. */
export async function historyOfOrganisation(db: Db, organisationId: string, page: { before?: Date; limit: number }): Promise<VerificationRecord[]> {
  let query = db.selectFrom('verifications').select(['at', 'channel', 'certificate_id', 'valid', 'reasons']).where('organisation_id', '=', organisationId);
  if (page.before) query = query.where('at', '<', page.before);
  const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  return rows.map((row) => ({ at: row.at.toISOString(), channel: row.channel, certificateId: row.certificate_id, valid: row.valid, reasons: row.reasons }));
}

/** Who verified one certificate and when, newest first: what its citizen may see (no outcome details, no content). */
export async function verificationsOfCertificate(db: Db, certificateId: string, limit = 200): Promise<CertificateVerification[]> {
  const rows = await db
    .selectFrom('verifications as v')
    .leftJoin('verifier_organisations as o', 'o.id', 'v.organisation_id')
    .select(['v.at', 'o.id as organisation_id', 'o.name', 'o.kind'])
    .where('v.certificate_id', '=', certificateId)
    .orderBy('v.at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ organisation: row.organisation_id && row.name && row.kind ? { id: row.organisation_id, name: row.name, kind: row.kind } : null, at: row.at.toISOString() }));
}
