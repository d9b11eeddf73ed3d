/**
 * Licence status histories of facilities and practitioners: rows are only ever appended, and the
 * status at time T is the row with the latest `effective_from` ≤ T, a later-recorded row winning a
 * tie (that is how a correction is entered). Before the first row there is no status (null).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';
import type { LicenceStatus } from './tables';

export type LicensedKind = 'facility' | 'practitioner';

export interface LicenceStatusEntry {
  status: LicenceStatus;
  effectiveFrom: Date;
  recordedAt: Date;
  note: string | null;
}

export interface NewLicenceStatus {
  status: LicenceStatus;
  effectiveFrom: Date;
  note?: string | null;
}

// Both histories have the same shape and differ only in the owner column; Kysely's types see the facility one.
const histories = {
  facility: { table: 'facility_licence_status', owner: 'facility_id' },
  practitioner: { table: 'practitioner_licence_status', owner: 'practitioner_id' },
} as const;

function history(kind: LicensedKind) {
  return histories[kind] as (typeof histories)['facility'];
}

export async function appendLicenceStatus(db: Kysely<Database>, kind: LicensedKind, ownerId: string, entry: NewLicenceStatus): Promise<void> {
  await appendLicenceStatuses(db, kind, [{ ownerId, ...entry }]);
}

export async function licenceStatusAt(db: Kysely<Database>, kind: LicensedKind, ownerId: string, at: Date): Promise<LicenceStatus | null> {
  const { table, owner } = history(kind);
  const row = await db
    .selectFrom(table)
    .select('status')
    .where(owner, '=', ownerId)
    .where('effective_from', '<=', at)
    .orderBy('effective_from', 'desc')
    .orderBy('recorded_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.status ?? null;
}

/** The status at `at` of `ownerId` (a value, or a column reference such as `sql.ref('facilities.id')`), as a scalar subquery. */
export function statusAtExpression(kind: LicensedKind, ownerId: string | RawBuilder<unknown>, at: Date): RawBuilder<LicenceStatus | null> {
  const { table, owner } = history(kind);
  return sql<LicenceStatus | null>`(SELECT s.status FROM ${sql.table(table)} s WHERE s.${sql.ref(owner)} = ${ownerId} AND s.effective_from <= ${at} ORDER BY s.effective_from DESC, s.recorded_at DESC LIMIT 1)`;
}

/** A select-list column `licence_status`: the status at `at` of the row whose id is `ownerIdRef` (e.g. `facilities.id`). */
export function currentStatusColumn(kind: LicensedKind, ownerIdRef: string, at: Date) {
  return statusAtExpression(kind, sql.ref(ownerIdRef), at).as('licence_status');
}

/** The whole history, oldest effective date first. */
export async function licenceHistory(db: Kysely<Database>, kind: LicensedKind, ownerId: string): Promise<LicenceStatusEntry[]> {
  const { table, owner } = history(kind);
  const rows = await db
    .selectFrom(table)
    .select(['status', 'effective_from', 'recorded_at', 'note'])
    .where(owner, '=', ownerId)
    .orderBy('effective_from')
    .orderBy('recorded_at')
    .execute();
  return rows.map((r) => ({ status: r.status, effectiveFrom: r.effective_from, recordedAt: r.recorded_at, note: r.note }));
}

/** The same rule as licenceStatusAt, over a history already loaded in licenceHistory's order. */
export function statusInHistory(history: LicenceStatusEntry[], at: Date): LicenceStatus | null {
  return history.findLast((entry) => entry.effectiveFrom <= at)?.status ?? null;
}

/** The (owner, status, effective_from) triples already recorded for these owners: lets an import append only what is new. */
export async function recordedStatuses(db: Kysely<Database>, kind: LicensedKind, ownerIds: string[]): Promise<Set<string>> {
  if (ownerIds.length === 0) return new Set();
  const { table, owner } = history(kind);
  const rows = await db
    .selectFrom(table)
    .select((eb) => [eb.ref(owner).as('owner_id'), 'status', 'effective_from'])
    .where(owner, 'in', ownerIds)
    .execute();
  return new Set(rows.map((r) => statusKey(r.owner_id, r.status, r.effective_from)));
}

export function statusKey(ownerId: string, status: LicenceStatus, effectiveFrom: Date): string {
  return `${ownerId}|${status}|${effectiveFrom.toISOString()}`;
}

/** Appends many rows in one statement (imports append a whole batch at once). */
export async function appendLicenceStatuses(db: Kysely<Database>, kind: LicensedKind, rows: Array<{ ownerId: string } & NewLicenceStatus>): Promise<void> {
  if (rows.length === 0) return;
  const { table, owner } = history(kind);
  await db
    .insertInto(table)
    .values(rows.map((r) => ({ [owner]: r.ownerId, status: r.status, effective_from: r.effectiveFrom, note: r.note ?? null }) as { facility_id: string; status: LicenceStatus; effective_from: Date; note: string | null }))
    .execute();
}
