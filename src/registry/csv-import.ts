/**
 * `registry import`: streams a facilities or practitioners CSV into the registry in one transaction.
 * Every row is checked; if any is bad the whole file is rejected (nothing written) with every bad
 * row listed. Rows are upserted by licence number and status rows appended only when new, so
 * importing the same file twice changes nothing the second time. Columns: see README (registry).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { readCsv, type CsvColumns, type CsvRecord } from './csv-reader';
import { CsvImportRejectedError, type CsvRowProblem } from './errors';
import { checkFacility, facilityIdsByLicence, upsertFacilities, type NewFacility } from './facilities';
import { appendLicenceStatuses, recordedStatuses, statusKey, type LicensedKind, type NewLicenceStatus } from './licence-status';
import { isMembershipRole } from './memberships';
import { checkPractitioner, nationalIdOwners, practitionerIdsByLicence, practitionerKey, replaceSpecialties, upsertPractitioners, type NewPractitioner } from './practitioners';
import { licenceStatuses, membershipRoles, type FacilityKind, type LicenceStatus, type MembershipRole, type Profession } from './tables';

export type CsvImportKind = 'facilities' | 'practitioners';

export interface CsvImportReport {
  kind: CsvImportKind;
  rows: number;
  created: number;
  updated: number;
  statusesAppended: number;
  specialtiesChanged: number;
  membershipsAdded: number;
}

const batchSize = 1000;

export const csvColumns: Record<CsvImportKind, CsvColumns> = {
  facilities: {
    required: ['licence_number', 'kind', 'name_th', 'name_en', 'province', 'address'],
    optional: ['joined_at', 'licence_status', 'licence_status_from', 'licence_status_note'],
  },
  practitioners: {
    required: ['profession', 'licence_number', 'name_th', 'name_en'],
    optional: ['national_id', 'specialties', 'licence_status', 'licence_status_from', 'licence_status_note', 'memberships'],
  },
};

interface Row<T> {
  line: number;
  key: string;
  value: T;
  status?: NewLicenceStatus;
}

interface PractitionerRow {
  practitioner: NewPractitioner;
  /** Undefined when the file has no specialties column: the stored ones are left alone. */
  specialties?: string[];
  memberships: Array<{ facilityLicence: string; role: MembershipRole }>;
}

/** Imports the CSV or nothing; throws CsvImportRejectedError listing every bad row. */
export async function importCsv(db: Kysely<Database>, kind: CsvImportKind, input: AsyncIterable<Uint8Array>, now = new Date()): Promise<CsvImportReport> {
  return db.transaction().execute(async (trx) => {
    const importer = kind === 'facilities' ? new FacilityImporter(trx, now) : new PractitionerImporter(trx);
    try {
      await readCsv(input, csvColumns[kind], (record) => importer.add(record));
      await importer.flush();
    } catch (error) {
      // A file that breaks off (broken quote, wrong encoding) still reports the bad rows found before.
      if (error instanceof CsvImportRejectedError) throw new CsvImportRejectedError(error.message, byLine([...importer.problems, ...error.rows]));
      throw error;
    }
    if (importer.problems.length > 0) {
      const count = importer.problems.length;
      throw new CsvImportRejectedError(`The file was rejected and nothing was imported: ${count} ${count === 1 ? 'row has a problem' : 'rows have problems'}.`, byLine(importer.problems));
    }
    return importer.report;
  });
}

// Database checks (unknown facilities, taken national IDs) run a batch later than the row checks.
function byLine(problems: CsvRowProblem[]): CsvRowProblem[] {
  return problems.toSorted((a, b) => a.line - b.line);
}

abstract class Importer<T> {
  readonly problems: CsvRowProblem[] = [];
  readonly report: CsvImportReport;
  private readonly firstLineByKey = new Map<string, number>();
  private batch: Array<Row<T>> = [];

  constructor(
    protected readonly trx: Transaction<Database>,
    kind: CsvImportKind,
  ) {
    this.report = { kind, rows: 0, created: 0, updated: 0, statusesAppended: 0, specialtiesChanged: 0, membershipsAdded: 0 };
  }

  protected abstract parse(values: Record<string, string>, problems: string[], line: number): { key: string; value: T; duplicateLabel: string };
  /** Checks the batch against the database (adding problems), then writes it unless the file is already rejected. */
  protected abstract write(rows: Array<Row<T>>): Promise<void>;

  async add({ line, values }: CsvRecord): Promise<void> {
    this.report.rows++;
    const problems: string[] = [];
    const { key, value, duplicateLabel } = this.parse(values, problems, line);
    const status = parseStatus(values, problems);
    const firstLine = this.firstLineByKey.get(key);
    if (firstLine !== undefined) problems.push(`duplicate ${duplicateLabel} (first on line ${firstLine})`);
    else this.firstLineByKey.set(key, line);
    if (problems.length > 0) {
      this.reject(line, problems);
      return;
    }
    this.batch.push({ line, key, value, status });
    if (this.batch.length >= batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    const rows = this.batch;
    this.batch = [];
    if (rows.length > 0) await this.write(rows);
  }

  protected reject(line: number, reasons: string[]): void {
    this.problems.push({ line, reason: reasons.join('; ') });
  }

  protected get writing(): boolean {
    return this.problems.length === 0;
  }

  protected async appendNewStatuses(kind: LicensedKind, rows: Array<Row<T>>, ids: Map<string, string>): Promise<void> {
    const withStatus = rows.filter((r) => r.status && ids.has(r.key));
    const recorded = await recordedStatuses(this.trx, kind, withStatus.map((r) => ids.get(r.key)!));
    const fresh = withStatus
      .map((r) => ({ ownerId: ids.get(r.key)!, ...r.status! }))
      .filter((s) => !recorded.has(statusKey(s.ownerId, s.status, s.effectiveFrom)));
    await appendLicenceStatuses(this.trx, kind, fresh);
    this.report.statusesAppended += fresh.length;
  }
}

class FacilityImporter extends Importer<NewFacility> {
  constructor(
    trx: Transaction<Database>,
    private readonly now: Date,
  ) {
    super(trx, 'facilities');
  }

  protected parse(values: Record<string, string>, problems: string[]) {
    const joinedAt = values.joined_at ? parseRegistryDate(values.joined_at, 'joined_at', problems) : undefined;
    const { facility, problems: found } = checkFacility({
      licenceNumber: values.licence_number ?? '',
      kind: (values.kind ?? '') as FacilityKind,
      nameTh: values.name_th ?? '',
      nameEn: values.name_en ?? '',
      province: values.province ?? '',
      address: values.address ?? '',
      joinedAt,
    });
    problems.push(...found);
    return { key: facility.licenceNumber, value: facility, duplicateLabel: `licence number ${facility.licenceNumber}` };
  }

  protected async write(rows: Array<Row<NewFacility>>): Promise<void> {
    if (!this.writing) return;
    const counts = await upsertFacilities(this.trx, rows.map((r) => r.value), this.now);
    this.report.created += counts.created;
    this.report.updated += counts.updated;
    const ids = await facilityIdsByLicence(this.trx, rows.map((r) => r.key));
    await this.appendNewStatuses('facility', rows, ids);
  }
}

class PractitionerImporter extends Importer<PractitionerRow> {
  private readonly lineByNationalId = new Map<string, number>();

  constructor(trx: Transaction<Database>) {
    super(trx, 'practitioners');
  }

  protected parse(values: Record<string, string>, problems: string[], line: number) {
    const specialties = values.specialties === undefined ? undefined : splitList(values.specialties);
    const { practitioner, problems: found } = checkPractitioner({
      profession: (values.profession ?? '') as Profession,
      licenceNumber: values.licence_number ?? '',
      nameTh: values.name_th ?? '',
      nameEn: values.name_en ?? '',
      nationalId: values.national_id,
      specialties,
    });
    problems.push(...found);
    if (practitioner.nationalId) {
      const firstLine = this.lineByNationalId.get(practitioner.nationalId);
      if (firstLine !== undefined) problems.push(`the same national ID is on line ${firstLine}`);
      else this.lineByNationalId.set(practitioner.nationalId, line);
    }
    const memberships = parseMemberships(values.memberships ?? '', problems);
    return {
      key: practitionerKey(practitioner.profession, practitioner.licenceNumber),
      value: { practitioner, specialties: specialties && practitioner.specialties, memberships },
      duplicateLabel: `licence number ${practitioner.licenceNumber} for ${practitioner.profession}`,
    };
  }

  protected async write(rows: Array<Row<PractitionerRow>>): Promise<void> {
    const facilityIds = await facilityIdsByLicence(this.trx, [...new Set(rows.flatMap((r) => r.value.memberships.map((m) => m.facilityLicence)))]);
    const owners = await nationalIdOwners(this.trx, rows.flatMap((r) => r.value.practitioner.nationalId ?? []));
    const good = rows.filter((row) => {
      const problems: string[] = [];
      const owner = row.value.practitioner.nationalId ? owners.get(row.value.practitioner.nationalId) : undefined;
      if (owner && owner !== row.key) problems.push('the national ID belongs to another practitioner in the registry');
      const unknown = row.value.memberships.filter((m) => !facilityIds.has(m.facilityLicence)).map((m) => m.facilityLicence);
      if (unknown.length > 0) problems.push(`no facility with licence number ${unknown.join(', ')} is registered (import facilities first)`);
      if (problems.length > 0) this.reject(row.line, problems);
      return problems.length === 0;
    });
    if (!this.writing) return;
    const counts = await upsertPractitioners(this.trx, good.map((r) => r.value.practitioner));
    this.report.created += counts.created;
    this.report.updated += counts.updated;
    const ids = await practitionerIdsByLicence(this.trx, good.map((r) => r.value.practitioner));
    const wanted = new Map(good.filter((r) => r.value.specialties).map((r) => [ids.get(r.key)!, r.value.specialties!]));
    this.report.specialtiesChanged += await replaceSpecialties(this.trx, wanted);
    await this.appendNewStatuses('practitioner', good, ids);
    await this.addMissingMemberships(good, ids, facilityIds);
  }

  private async addMissingMemberships(rows: Array<Row<PractitionerRow>>, ids: Map<string, string>, facilityIds: Map<string, string>): Promise<void> {
    const wanted = rows.flatMap((r) => r.value.memberships.map((m) => ({ practitioner_id: ids.get(r.key)!, facility_id: facilityIds.get(m.facilityLicence)!, role: m.role })));
    if (wanted.length === 0) return;
    const open = await this.trx
      .selectFrom('memberships')
      .select(['practitioner_id', 'facility_id', 'role'])
      .where('practitioner_id', 'in', [...new Set(wanted.map((w) => w.practitioner_id))])
      .where('until', 'is', null)
      .execute();
    const have = new Set(open.map((m) => `${m.practitioner_id}|${m.facility_id}|${m.role}`));
    const fresh = wanted.filter((w) => !have.has(`${w.practitioner_id}|${w.facility_id}|${w.role}`));
    if (fresh.length > 0) await this.trx.insertInto('memberships').values(fresh).execute();
    this.report.membershipsAdded += fresh.length;
  }
}

function splitList(value: string): string[] {
  return value
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `FACILITY_LICENCE:role` pairs separated by semicolons, e.g. `11001:signer;11002:staff`. */
function parseMemberships(value: string, problems: string[]): Array<{ facilityLicence: string; role: MembershipRole }> {
  const memberships: Array<{ facilityLicence: string; role: MembershipRole }> = [];
  for (const entry of splitList(value)) {
    const separator = entry.lastIndexOf(':');
    const facilityLicence = entry.slice(0, separator).trim();
    const role = entry.slice(separator + 1).trim();
    if (separator <= 0 || !isMembershipRole(role)) problems.push(`memberships must be FACILITY_LICENCE:ROLE pairs with a role of ${membershipRoles.join(', ')}`);
    else memberships.push({ facilityLicence, role });
  }
  return [...new Map(memberships.map((m) => [`${m.facilityLicence}|${m.role}`, m])).values()];
}

function parseStatus(values: Record<string, string>, problems: string[]): NewLicenceStatus | undefined {
  const status = values.licence_status;
  const from = values.licence_status_from;
  if (!status && !from) return undefined;
  if (!(licenceStatuses as readonly string[]).includes(status ?? '')) {
    problems.push(`licence_status must be one of ${licenceStatuses.join(', ')}`);
    return undefined;
  }
  if (!from) {
    problems.push('licence_status needs licence_status_from (the date it takes effect)');
    return undefined;
  }
  const effectiveFrom = parseRegistryDate(from, 'licence_status_from', problems);
  return effectiveFrom && { status: status as LicenceStatus, effectiveFrom, note: values.licence_status_note || null };
}

/** A date (YYYY-MM-DD, taken as midnight in Thailand, UTC+7) or an ISO 8601 date-time with an offset. */
export function parseRegistryDate(value: string, column: string, problems: string[]): Date | undefined {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const date = dateOnly ? new Date(`${value}T00:00:00+07:00`) : dateTime ? new Date(value) : undefined;
  // Date rolls 2024-02-30 over to March: a real calendar date reads back the same in Thai time.
  const real = date && !Number.isNaN(date.getTime()) && (!dateOnly || new Date(date.getTime() + thaiOffsetMs).toISOString().startsWith(value));
  if (!real) {
    problems.push(`${column} must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a time zone`);
    return undefined;
  }
  return date;
}

const thaiOffsetMs = 7 * 3600_000;
