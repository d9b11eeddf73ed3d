/**
 * What the register says about a certificate: its status (issued, revoked with reason and date,
 * superseded by which) and the licences of its practitioner and facility at issuance and now;
 * settled answers go through the verifiers' cache (document-cache.ts) when there is one.
 */
import { createQueryId, sql, type CompiledQuery } from 'kysely';
import { isUuid } from '../certificates/queries';
import type { Db } from '../db/database';
import type { LicenceStatus } from '../registry/tables';
import type { DocumentCache } from './document-cache';
import { documentReasons, type DocumentReason } from './reasons';

export interface DocumentView {
  id: string;
  type: string;
  /** The type's name in Thai and English, when the catalog knows the type. */
  typeName?: { th: string; en: string };
  status: string;
  issuedAt: string | null;
  revokedAt?: string;
  revocationReason?: string;
  supersededBy?: string;
  supersedes?: string;
  facility: { id: string; licenceNumber: string; nameTh: string; nameEn: string; licenceStatusAtIssuance: LicenceStatus | null; licenceStatusNow: LicenceStatus | null };
  practitioner: { id: string; licenceNumber: string; profession: string; nameTh: string; nameEn: string; licenceStatusAtIssuance: LicenceStatus | null; licenceStatusNow: LicenceStatus | null };
}

export interface DocumentFinding {
  document: DocumentView | null;
  reasons: DocumentReason[];
}

/** Statuses a certificate keeps until a recorded change; migration 0031 announces changes to rows in exactly these. */
const settledStatuses = new Set(['issued', 'revoked', 'superseded']);
const noScheduledChange = new Date(8.64e15);

/** Looks certificates up in the register, through `cache` when one is given. */
export function createDocumentRegister(db: Db, cache?: DocumentCache<DocumentRow>) {
  async function lookup(column: LookupColumn, key: string, now: Date): Promise<DocumentRow | undefined> {
    if (!cache) return documentRow(db, column, key, now);
    return cache.through(column === 'c.id' ? { id: key } : { pdfSha256: key }, now, async () => {
      const row = await documentRow(db, column, key, now);
      const settled = row?.issued_at && settledStatuses.has(row.status);
      return { found: row && { row, pdfSha256: row.pdf_sha256 }, holdsUntil: settled ? (row.next_change ?? noScheduledChange) : null };
    });
  }

  return {
    async describe(id: string, now = new Date()): Promise<DocumentFinding> {
      if (!isUuid(id)) return { document: null, reasons: [documentReasons.unknown] };
      const row = await lookup('c.id', id, now);
      return row ? finding(row) : { document: null, reasons: [documentReasons.unknown] };
    },

    /** The certificate whose issued PDF has this SHA-256, in one round trip at most; undefined when none has. */
    async describeIssuedFile(pdfSha256: string, now = new Date()): Promise<DocumentFinding | undefined> {
      const row = await lookup('c.pdf_sha256', pdfSha256, now);
      return row ? finding(row) : undefined;
    },
  };
}

export type DocumentRegister = ReturnType<typeof createDocumentRegister>;

// Every verification runs this statement: it is built and compiled once per database, and each lookup
// only puts its own values in place of the compiled statement's stand-ins.
const timeStandIn = new Date(0);
const keyStandIn = '\0document key';
type LookupColumn = 'c.id' | 'c.pdf_sha256';
const compiledLookups = new WeakMap<Db, Record<LookupColumn, CompiledQuery<DocumentRow>>>();

async function documentRow(db: Db, column: LookupColumn, key: string, now: Date): Promise<DocumentRow | undefined> {
  let lookups = compiledLookups.get(db);
  if (!lookups) {
    const compile = (by: LookupColumn) => documentQuery(db, timeStandIn).where(by, '=', keyStandIn).compile();
    lookups = { 'c.id': compile('c.id'), 'c.pdf_sha256': compile('c.pdf_sha256') };
    compiledLookups.set(db, lookups);
  }
  const template = lookups[column];
  const parameters = template.parameters.map((value) => (value === timeStandIn ? now : value === keyStandIn ? key : value));
  const { rows } = await db.executeQuery<DocumentRow>({ ...template, parameters, queryId: createQueryId() });
  return rows[0];
}

/**
 * The certificate, its issuers and their licence status at issuance and now (latest effective_from ≤ T,
 * a later-recorded row winning a tie: the registry's rule), and when the next already-recorded licence
 * change of either takes effect (until then the answer holds), in one statement.
 */
function documentQuery(db: Db, now: Date) {
  return db
    .selectFrom('certificates as c')
    .innerJoin('facilities as f', 'f.id', 'c.facility_id')
    .innerJoin('practitioners as p', 'p.id', 'c.practitioner_id')
    .select(['c.id', 'c.type', 'c.status', 'c.issued_at', 'c.revoked_at', 'c.revocation_reason', 'c.superseded_by', 'c.supersedes', 'c.facility_id', 'c.practitioner_id', 'c.pdf_sha256'])
    .select(['f.licence_number as f_licence', 'f.name_th as f_name_th', 'f.name_en as f_name_en', 'p.licence_number as p_licence', 'p.profession as p_profession', 'p.name_th as p_name_th', 'p.name_en as p_name_en'])
    .select((eb) => {
      const facilityAt = (at: Date | ReturnType<typeof sql<Date>>) =>
        eb.selectFrom('facility_licence_status as s').select('s.status').whereRef('s.facility_id', '=', 'c.facility_id').where('s.effective_from', '<=', at).orderBy('s.effective_from', 'desc').orderBy('s.recorded_at', 'desc').limit(1);
      const practitionerAt = (at: Date | ReturnType<typeof sql<Date>>) =>
        eb.selectFrom('practitioner_licence_status as s').select('s.status').whereRef('s.practitioner_id', '=', 'c.practitioner_id').where('s.effective_from', '<=', at).orderBy('s.effective_from', 'desc').orderBy('s.recorded_at', 'desc').limit(1);
      const issuedAt = sql<Date>`coalesce(c.issued_at, ${now})`;
      const facilityNext = eb.selectFrom('facility_licence_status as s').select((e) => e.fn.min('s.effective_from').as('next')).whereRef('s.facility_id', '=', 'c.facility_id').where('s.effective_from', '>', now);
      const practitionerNext = eb.selectFrom('practitioner_licence_status as s').select((e) => e.fn.min('s.effective_from').as('next')).whereRef('s.practitioner_id', '=', 'c.practitioner_id').where('s.effective_from', '>', now);
      return [
        facilityAt(issuedAt).as('f_at'),
        facilityAt(now).as('f_now'),
        practitionerAt(issuedAt).as('p_at'),
        practitionerAt(now).as('p_now'),
        sql<Date | null>`least((${facilityNext}), (${practitionerNext}))`.as('next_change'),
      ];
    });
}

export type DocumentRow = NonNullable<Awaited<ReturnType<ReturnType<typeof documentQuery>['executeTakeFirst']>>>;

function finding(row: DocumentRow): DocumentFinding {
  const reasons: DocumentReason[] = [];
  if (row.status === 'revoked') reasons.push(documentReasons.revoked);
  else if (row.status === 'superseded') reasons.push(documentReasons.superseded);
  else if (row.status !== 'issued') reasons.push(documentReasons.notIssued);
  if (row.p_at !== 'active') reasons.push(documentReasons.practitionerNotLicensed);
  if (row.f_at !== 'active') reasons.push(documentReasons.facilityNotLicensed);

  return {
    reasons,
    document: {
      id: row.id,
      type: row.type,
      status: row.status,
      issuedAt: row.issued_at?.toISOString() ?? null,
      ...(row.revoked_at ? { revokedAt: row.revoked_at.toISOString(), revocationReason: row.revocation_reason ?? undefined } : {}),
      ...(row.superseded_by ? { supersededBy: row.superseded_by } : {}),
      ...(row.supersedes ? { supersedes: row.supersedes } : {}),
      facility: { id: row.facility_id, licenceNumber: row.f_licence, nameTh: row.f_name_th, nameEn: row.f_name_en, licenceStatusAtIssuance: row.f_at ?? null, licenceStatusNow: row.f_now ?? null },
      practitioner: {
        id: row.practitioner_id,
        licenceNumber: row.p_licence,
        profession: row.p_profession,
        nameTh: row.p_name_th,
        nameEn: row.p_name_en,
        licenceStatusAtIssuance: row.p_at ?? null,
        licenceStatusNow: row.p_now ?? null,
      },
    },
  };
}
