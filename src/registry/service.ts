/** The registry as one service over a database: what routes, the CLI and the other domains call. */
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../db/schema';
import { createFacility, findFacilityByLicence, getFacility, recordJoining, type NewFacility } from './facilities';
import { importCsv, type CsvImportKind, type CsvImportReport } from './csv-import';
import { appendLicenceStatus, licenceHistory, licenceStatusAt, type LicensedKind, type NewLicenceStatus } from './licence-status';
import { facilityPage, practitionersByLicence, searchFacilities, type FacilitySearch } from './lookup';
import { addMembership, endMembership, membershipsOfPractitioner, type NewMembership } from './memberships';
import { createPractitioner, getPractitioner, type NewPractitioner } from './practitioners';
import { signingPartiesAt, signingStandingAt } from './signing-standing';

export class RegistryService {
  /** `licencesChanged` hears of every licence status this service records, once it is committed. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly licencesChanged: () => void = () => {},
  ) {}

  createFacility(input: NewFacility) {
    return createFacility(this.db, input);
  }

  getFacility(id: string) {
    return getFacility(this.db, id);
  }

  findFacilityByLicence(licenceNumber: string) {
    return findFacilityByLicence(this.db, licenceNumber);
  }

  /** Sets joined_at (and the free period's end) when the platform operator approves the facility's onboarding. */
  recordJoining(facilityId: string, joinedAt: Date) {
    return recordJoining(this.db, facilityId, joinedAt);
  }

  createPractitioner(input: NewPractitioner) {
    return createPractitioner(this.db, input);
  }

  getPractitioner(id: string) {
    return getPractitioner(this.db, id);
  }

  async appendLicenceStatus(kind: LicensedKind, id: string, entry: NewLicenceStatus) {
    await appendLicenceStatus(this.db, kind, id, entry);
    this.licencesChanged();
  }

  licenceHistory(kind: LicensedKind, id: string) {
    return licenceHistory(this.db, kind, id);
  }

  facilityLicenceStatusAt(facilityId: string, at: Date) {
    return licenceStatusAt(this.db, 'facility', facilityId, at);
  }

  /** What a signer check and the verifier ask: the practitioner's licence status as it was at `at` (null: none recorded yet). */
  practitionerLicenceStatusAt(practitionerId: string, at: Date) {
    return licenceStatusAt(this.db, 'practitioner', practitionerId, at);
  }

  addMembership(input: NewMembership) {
    return addMembership(this.db, input);
  }

  endMembership(id: string, until?: Date) {
    return endMembership(this.db, id, until);
  }

  membershipsOfPractitioner(practitionerId: string, at?: Date) {
    return membershipsOfPractitioner(this.db, practitionerId, at);
  }

  /** Both licence statuses and the signer role at `at`, in one round trip. */
  signingStandingAt(practitionerId: string, facilityId: string, at: Date) {
    return signingStandingAt(this.db, practitionerId, facilityId, at);
  }

  /** The standing with the facility and practitioner as a signature names them, and `condition` answered alongside, in one round trip. */
  signingPartiesAt(practitionerId: string, facilityId: string, at: Date, condition?: RawBuilder<boolean>) {
    return signingPartiesAt(this.db, practitionerId, facilityId, at, condition);
  }

  searchFacilities(search: FacilitySearch) {
    return searchFacilities(this.db, search);
  }

  facilityPage(id: string) {
    return facilityPage(this.db, id);
  }

  practitionersByLicence(licenceNumber: string) {
    return practitionersByLicence(this.db, licenceNumber);
  }

  /** Imports a CSV stream as a whole or not at all. */
  async importCsv(kind: CsvImportKind, input: AsyncIterable<Uint8Array>): Promise<CsvImportReport> {
    const report = await importCsv(this.db, kind, input);
    this.licencesChanged();
    return report;
  }
}
