/**
 * The record of every verification, anonymous or by an organisation's API key: when, by which channel,
 * which certificate (when the verdict named one), the outcome. Never the file, the payload nor the address.
 */
import { sql, type Insertable } from 'kysely';
import type { Db } from '../db/database';
import { oneAfterAnother } from '../db/one-after-another';
import type { VerifierKind, VerificationChannel, VerifyTables } from './tables';
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

export interface VerificationLog {
  /** Queues the row of one verification; it is written with the others a moment later. */
  record(channel: VerificationChannel, result: Pick<VerificationResult, 'valid' | 'reasons' | 'document'>, verifier: VerifierIdentity | null): void;
  /** Writes what is queued now (readers of the log call this first, and so does shutdown). */
  flush(): Promise<void>;
}

export interface VerificationLogOptions {
  db: Db;
  now?: () => Date;
  /** How long a row may wait for others (default 100 ms). */
  flushDelayMs?: number;
  /** A batch this large is written at once (default 500). */
  batchSize?: number;
  /** Rows kept while the database refuses them; the oldest beyond are dropped (default 50,000). */
  maxPending?: number;
  onError?: (error: Error) => void;
}

type VerificationRow = Insertable<VerifyTables['verifications']>;

/**
 * The log in batches: one multi-row insert per ~100 ms instead of one statement per verification.
 * A crash loses at most the rows not yet written (the last batch); a verdict never waits for its row.
 */
export function createVerificationLog(options: VerificationLogOptions): VerificationLog {
  const now = options.now ?? (() => new Date());
  const flushDelayMs = options.flushDelayMs ?? 100;
  const batchSize = options.batchSize ?? 500;
  const maxPending = options.maxPending ?? 50_000;
  const onError = options.onError ?? ((error) => console.error(`verification log: rows not written yet (${error.message})`));
  let pending: VerificationRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = oneAfterAnother(writeQueued);

  async function writeQueued(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    // What is queued now; rows recorded while this writes wait for their own batch.
    const rows = pending;
    pending = [];
    for (let i = 0; i < rows.length; i += batchSize) {
      try {
        await insertRows(options.db, rows.slice(i, i + batchSize));
      } catch (error) {
        // Kept for the next flush rather than lost, within a bound.
        pending = [...rows.slice(i), ...pending].slice(-maxPending);
        throw error;
      }
    }
  }

  return {
    record(channel, result, verifier) {
      pending.push({
        at: now(),
        channel,
        certificate_id: result.document?.id ?? null,
        valid: result.valid,
        reasons: JSON.stringify(result.reasons),
        organisation_id: verifier?.organisationId ?? null,
        api_key_id: verifier?.keyId ?? null,
      });
      if (pending.length >= batchSize) void flush().catch(onError);
      else if (!timer) {
        timer = setTimeout(() => void flush().catch(onError), flushDelayMs);
        timer.unref();
      }
    },
    flush,
  };
}

/**
 * A batch as one column array per column: the statement's text and its seven parameters are the same
 * whatever the batch size, so neither side builds nor parses a statement with thousands of placeholders.
 */
async function insertRows(db: Db, rows: VerificationRow[]): Promise<void> {
  const column = <T>(value: (row: VerificationRow) => T) => rows.map(value);
  await sql`INSERT INTO verifications (at, channel, certificate_id, valid, reasons, organisation_id, api_key_id)
    SELECT at, channel, certificate_id, valid, reasons::jsonb, organisation_id, api_key_id
    FROM unnest(${column((row) => row.at)}::timestamptz[], ${column((row) => row.channel)}::text[], ${column((row) => row.certificate_id)}::uuid[],
      ${column((row) => row.valid)}::boolean[], ${column((row) => row.reasons)}::text[], ${column((row) => row.organisation_id)}::uuid[], ${column((row) => row.api_key_id)}::uuid[])
      AS batch (at, channel, certificate_id, valid, reasons, organisation_id, api_key_id)`.execute(db);
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
