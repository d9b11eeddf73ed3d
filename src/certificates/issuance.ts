/**
 * Accepting and producing certificates. Each step is committed before the next: a request is
 * accepted (row + idempotency key + audit event, one statement; to be signed right away, the row
 * holds the signing lease from the start), then produced under the lease (render, sign), then stored
 * and marked issued (one transaction when the blob store lives in the database). A crash between
 * steps leaves a row in `signing` whose lease expires and is taken over by `resumeInterrupted`; the
 * id is fixed at acceptance, so nothing is issued twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors';
import type { BlobStore, StoredBlob } from '../storage/blob-store';
import { canonicalJson } from '../json/canonical-json';
import { nextStatus, statusesAllowing } from './lifecycle';
import { TravelUseUnavailableError } from './types/catalog';
import type { AuditAppender, CertificateEventListener, CertificateProducer, CertificateTypeCatalog, Patient, SignerEligibility, SigningParties } from './ports';
import { normalisePatient, subjectKey } from './patient';
import { contactPhoneUpsert } from '../delivery/citizen-contacts';
import type { CertificateSource, CertificateStatus, CertificateTables, PadesLevel } from './tables';

export interface IssuanceDeps {
  db: Db;
  blobs: BlobStore;
  types: CertificateTypeCatalog;
  signers: SignerEligibility;
  producer: CertificateProducer;
  audit: AuditAppender;
  now?: () => Date;
  leaseMs?: number;
  onEvent?: CertificateEventListener;
}

export interface CertificateRequest {
  type: string;
  data: Record<string, unknown>;
  patient: Patient;
  facilityId: string;
  practitionerId: string;
  level?: PadesLevel;
  supersedes?: string;
  /** Why the certificate it supersedes is corrected: stored with the row, in the same statement. */
  correctionReason?: string;
  /** Also carry the EU DCC (HC1) for travel: only types with an euDcc mapping. */
  travel?: boolean;
}

export interface AcceptOptions {
  source: CertificateSource;
  /** Who asked: a user id, an OAuth client id, or `cli`. */
  actor: string;
  /**
   * Sign right away (CLI, or a practitioner approving their own draft); otherwise wait for approval.
   * `if-consented` (a hospital system): right away when the practitioner's standing consent covers the type at the facility.
   */
  signNow: boolean | 'if-consented';
  idempotency?: { scope: string; key: string };
}

export interface AcceptedCertificate {
  id: string;
  status: CertificateStatus;
  /** True when an earlier request with the same idempotency key and body created it. */
  replayed: boolean;
}

export const defaultLevel: PadesLevel = 'B-LT';

type CertificateRow = Selectable<CertificateTables['certificates']>;

export function createIssuance(deps: IssuanceDeps) {
  const now = deps.now ?? (() => new Date());
  const leaseMs = deps.leaseMs ?? 60_000;

  async function accept(request: CertificateRequest, options: AcceptOptions): Promise<AcceptedCertificate> {
    deps.types.validate(request.type, request.data);
    if (request.travel && !deps.types.carriesEuDcc(request.type)) throw new TravelUseUnavailableError(`A ${request.type} certificate cannot carry an EU Digital COVID Certificate for travel.`);
    request = { ...request, patient: normalisePatient(request.patient) };
    const key = subjectKey(request.patient);
    const requestSha256 = createHash('sha256').update(canonicalJson(request)).digest('hex');
    if (options.idempotency) {
      const earlier = await findIdempotent(options.idempotency, requestSha256);
      if (earlier) return earlier;
    }
    const { parties, consented } = await deps.signers.assertMaySign(request.practitionerId, request.facilityId, now(), options.signNow === 'if-consented' ? request.type : undefined);
    if (request.supersedes) await assertSupersedable(request.supersedes, request.facilityId);
    else if (request.correctionReason !== undefined) throw new InvalidInputError('A correction reason belongs to a certificate that supersedes another.');

    const id = randomUUID();
    const { phone, ...patient } = request.patient;
    const signNow = options.signNow === 'if-consented' ? consented : options.signNow;
    const status: CertificateStatus = signNow ? nextStatus('draft', 'approve') : nextStatus('draft', 'submit');
    // Signing now, the row is inserted holding the lease claimLease would take, so producing it needs no further statement.
    const lease = status === 'signing' ? leaseFrom(now()) : undefined;
    // One statement: the row, its idempotency key, the contact phone and the audit event commit together, in one round trip.
    let statement = deps.audit.recording({ actor: options.actor, action: 'certificate.accepted', targetKind: 'certificate', targetId: id, facilityId: request.facilityId, details: { type: request.type, source: options.source, status } });
    const idempotency = options.idempotency;
    if (idempotency) statement = statement.with('idempotency_key', (qb) => qb.insertInto('idempotency_keys').values({ scope: idempotency.scope, key: idempotency.key, request_sha256: requestSha256, certificate_id: id }));
    if (phone) statement = statement.with('contact_phone', (qb) => contactPhoneUpsert(qb, key, phone, now()));
    let inserted: CertificateRow;
    try {
      inserted = await statement
        .insertInto('certificates')
        .values({
          id,
          type: request.type,
          facility_id: request.facilityId,
          practitioner_id: request.practitionerId,
          status,
          source: options.source,
          level: request.level ?? defaultLevel,
          data: JSON.stringify(request.data),
          patient: JSON.stringify(patient),
          subject_key: key,
          created_by: options.actor,
          issued_at: lease?.issuedAt ?? null,
          revoked_at: null,
          revocation_reason: null,
          supersedes: request.supersedes ?? null,
          correction_reason: request.correctionReason ?? null,
          superseded_by: null,
          signing_lease_until: lease?.until ?? null,
          pdf_key: null,
          pdf_sha256: null,
          qr_payload: null,
          travel: request.travel ?? false,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      // Two requests with one idempotency key raced: the loser answers with the winner's certificate.
      if (options.idempotency && isUniqueViolation(error)) {
        const earlier = await findIdempotent(options.idempotency, requestSha256);
        if (earlier) return earlier;
      }
      throw error;
    }
    if (status === 'signing') return { id, status: await produceLeased(inserted, parties), replayed: false };
    return { id, status, replayed: false };
  }

  async function findIdempotent(idempotency: { scope: string; key: string }, requestSha256: string): Promise<AcceptedCertificate | undefined> {
    const row = await deps.db
      .selectFrom('idempotency_keys')
      .innerJoin('certificates', 'certificates.id', 'idempotency_keys.certificate_id')
      .select(['idempotency_keys.request_sha256', 'certificates.id', 'certificates.status'])
      .where('idempotency_keys.scope', '=', idempotency.scope)
      .where('idempotency_keys.key', '=', idempotency.key)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.request_sha256 !== requestSha256) throw new IdempotencyKeyReusedError('This Idempotency-Key was already used with a different request body.');
    const status = row.status === 'signing' ? await produce(row.id) : row.status;
    return { id: row.id, status, replayed: true };
  }

  async function assertSupersedable(originalId: string, facilityId: string): Promise<void> {
    const original = await deps.db.selectFrom('certificates').select(['status', 'facility_id']).where('id', '=', originalId).executeTakeFirst();
    if (!original || original.facility_id !== facilityId) throw new NotFoundError('The certificate to correct was not found at this facility.');
    nextStatus(original.status, 'supersede');
  }

  /**
   * Produces the PDF of a certificate in `signing` if this process gets its lease (with `parties`, when
   * just checked, as its signers), and returns the status after. Another process holding a live lease is left alone (`signing` is returned).
   */
  async function produce(id: string, parties?: SigningParties): Promise<CertificateStatus> {
    const claimed = await claimLease(id);
    if (claimed) return produceLeased(claimed, parties);
    const row = await deps.db.selectFrom('certificates').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    return row.status;
  }

  /** Produces a certificate whose lease this process holds (`leased` is its row as of taking the lease, `parties` as just checked), stores the PDF and marks it issued. */
  async function produceLeased(leased: CertificateRow, parties?: SigningParties): Promise<'issued'> {
    const pdfKey = `certificates/${leased.id}.pdf`;
    // The QR payload is saved no later than the PDF is stored, so a stored PDF always has its payload (and without one there is no PDF to look for).
    let pdf = leased.qr_payload ? await deps.blobs.get(pdfKey) : undefined;
    let payload: { qr_payload: string; dcc_hc1: string | null } | undefined;
    if (!pdf || !leased.qr_payload) {
      const produced = await deps.producer.produce({
        id: leased.id,
        type: leased.type,
        facilityId: leased.facility_id,
        practitionerId: leased.practitioner_id,
        level: leased.level,
        data: leased.data,
        patient: leased.patient as unknown as Patient,
        issuedAt: leased.issued_at!,
        supersedes: leased.supersedes,
        travel: leased.travel,
      }, parties);
      payload = { qr_payload: produced.qrPayload, dcc_hc1: produced.dccHc1 ?? null };
      pdf = produced.pdf;
    }
    const blobs = deps.blobs;
    let completed: boolean;
    if (blobs.kind === 'database') {
      // The PDF, its payload and the issued status commit together: no stored PDF without its certificate issued.
      completed = await deps.db.transaction().execute(async (trx) => markIssued(trx, leased, await blobs.putWithin(trx, pdfKey, pdf, 'application/pdf'), payload));
    } else {
      if (payload) await deps.db.updateTable('certificates').set(payload).where('id', '=', leased.id).execute();
      const stored = await blobs.put(pdfKey, pdf, 'application/pdf');
      completed = await deps.db.transaction().execute((trx) => markIssued(trx, leased, stored));
    }
    if (completed) {
      const occurredAt = now().toISOString();
      await notify({ type: 'certificate.issued', certificateId: leased.id, facilityId: leased.facility_id, status: 'issued', occurredAt });
      if (leased.supersedes) await notify({ type: 'certificate.superseded', certificateId: leased.supersedes, facilityId: leased.facility_id, status: 'superseded', occurredAt });
    }
    return 'issued';
  }

  /** Within `trx`: marks the certificate issued with its stored PDF (and payload, when given), audits it and supersedes the original; false when it was no longer signing. */
  async function markIssued(trx: Db, leased: CertificateRow, stored: StoredBlob, payload?: { qr_payload: string; dcc_hc1: string | null }): Promise<boolean> {
    const updated = await trx
      .updateTable('certificates')
      .set({ ...payload, status: nextStatus('signing', 'complete'), pdf_key: stored.key, pdf_sha256: stored.sha256, signing_lease_until: null, issued_at: leased.issued_at })
      .where('id', '=', leased.id)
      .where('status', '=', 'signing')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await deps.audit.append({ actor: 'system', action: 'certificate.issued', targetKind: 'certificate', targetId: leased.id, facilityId: leased.facility_id, details: { type: leased.type, sha256: stored.sha256 } }, trx);
    if (leased.supersedes) {
      await trx
        .updateTable('certificates')
        .set({ status: nextStatus('issued', 'supersede'), superseded_by: leased.id })
        .where('id', '=', leased.supersedes)
        .where('status', 'in', statusesAllowing('supersede'))
        .execute();
      await deps.audit.append({ actor: 'system', action: 'certificate.superseded', targetKind: 'certificate', targetId: leased.supersedes, facilityId: leased.facility_id, details: { supersededBy: leased.id } }, trx);
    }
    return true;
  }

  /** The signing lease from `at`, and the issue time fixed with it, before signing: a retry after a crash prints the same time. */
  function leaseFrom(at: Date): { until: Date; issuedAt: Date } {
    return { until: new Date(at.getTime() + leaseMs), issuedAt: at };
  }

  /** Takes the signing lease of a certificate accepted or approved earlier (or whose producer crashed). */
  async function claimLease(id: string): Promise<CertificateRow | undefined> {
    const at = now();
    const lease = leaseFrom(at);
    return deps.db
      .updateTable('certificates')
      .set({ signing_lease_until: lease.until, issued_at: sql<Date>`coalesce(issued_at, ${lease.issuedAt})` })
      .where('id', '=', id)
      .where('status', '=', 'signing')
      .where((eb) => eb.or([eb('signing_lease_until', 'is', null), eb('signing_lease_until', '<=', at)]))
      .returningAll()
      .executeTakeFirst();
  }

  async function notify(event: Parameters<CertificateEventListener>[0]): Promise<void> {
    // The certificate is issued whatever a listener does; listeners queue their own retries.
    await deps.onEvent?.(event).catch(() => undefined);
  }

  /** Approves a practitioner's pending certificates (after their second factor was checked) and produces them. */
  async function approve(practitionerId: string, ids: string[], actor: string): Promise<AcceptedCertificate[]> {
    const results: AcceptedCertificate[] = [];
    for (const id of ids) {
      const row = await deps.db.selectFrom('certificates').select(['status', 'practitioner_id', 'facility_id']).where('id', '=', id).executeTakeFirst();
      if (!row || row.practitioner_id !== practitionerId) throw new ForbiddenError('Only the practitioner named on a certificate may approve its signing.');
      const { parties } = await deps.signers.assertMaySign(practitionerId, row.facility_id, now());
      await deps.db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('certificates')
          .set({ status: nextStatus(row.status, 'approve'), signing_lease_until: null })
          .where('id', '=', id)
          .where('status', 'in', statusesAllowing('approve'))
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) throw new ConflictError('The certificate changed while it was being approved; reload and try again.');
        await deps.audit.append({ actor, action: 'certificate.approved', targetKind: 'certificate', targetId: id, facilityId: row.facility_id }, trx);
      });
      results.push({ id, status: await produce(id, parties), replayed: false });
    }
    return results;
  }

  /** Takes over certificates whose producer crashed (lease expired) and finishes them. */
  async function resumeInterrupted(): Promise<number> {
    const stalled = await deps.db
      .selectFrom('certificates')
      .select('id')
      .where('status', '=', 'signing')
      .where((eb) => eb.or([eb('signing_lease_until', 'is', null), eb('signing_lease_until', '<=', now())]))
      .execute();
    let finished = 0;
    for (const { id } of stalled) if ((await produce(id)) === 'issued') finished += 1;
    return finished;
  }

  return { accept, produce, approve, resumeInterrupted };
}

export type Issuance = ReturnType<typeof createIssuance>;

/** The same Idempotency-Key was sent with a different body. */
export class IdempotencyKeyReusedError extends ConflictError {
  static override code = 'ERR_IDEMPOTENCY_KEY_REUSED';
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}
