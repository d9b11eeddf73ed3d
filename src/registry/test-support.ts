/** Registry helpers for tests: a fresh registry per file, and facilities and practitioners with made-up but valid values. */
import { randomInt } from 'node:crypto';
import { after, before } from 'node:test';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import type { NewFacility } from './facilities';
import type { NewPractitioner } from './practitioners';
import { RegistryService } from './service';

/** A fresh database and registry for one test file, opened before its tests and closed after. */
export function useTestRegistry(): { readonly database: DatabaseHandle; readonly registry: RegistryService } {
  const ctx = {} as { database: DatabaseHandle; registry: RegistryService };
  before(async () => {
    ctx.database = await createTestDatabase();
    ctx.registry = new RegistryService(ctx.database.db);
  });
  after(() => ctx.database.close());
  return ctx;
}

export function sampleFacility(overrides: Partial<NewFacility> = {}): NewFacility {
  return {
    licenceNumber: `1011${randomInt(1e6, 1e7)}`,
    kind: 'medical_clinic',
    nameTh: 'คลินิกทดสอบ',
    nameEn: 'Test Clinic',
    province: 'TH-10',
    address: '1 ถนนสุขุมวิท กรุงเทพฯ',
    ...overrides,
  };
}

export function samplePractitioner(overrides: Partial<NewPractitioner> = {}): NewPractitioner {
  return { profession: 'physician', licenceNumber: `ว.${randomInt(1e4, 1e5)}`, nameTh: 'นพ.ทดสอบ ระบบ', nameEn: 'Dr Test System', ...overrides };
}

/** A facility, a practitioner active since 2020 and a signer membership between them. */
export async function seedSigner(registry: RegistryService) {
  const facility = await registry.createFacility(sampleFacility());
  const practitioner = await registry.createPractitioner(samplePractitioner());
  await registry.appendLicenceStatus('practitioner', practitioner.id, { status: 'active', effectiveFrom: new Date('2020-01-01T00:00:00Z') });
  const membership = await registry.addMembership({ facilityId: facility.id, practitionerId: practitioner.id, role: 'signer', since: new Date('2020-01-01T00:00:00Z') });
  return { facility, practitioner, membership };
}
