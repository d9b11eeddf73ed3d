/** Idempotent demo data: CA chain, a clinic, a doctor and an HIS client (DESIGN.md section 5, `medcert demo`). */
import type { AppContext } from '../server/context';
import { rememberContactPhone } from '../delivery/citizen-contacts';
import { subjectKeyOf } from '../delivery/otp-sign-in';

export interface DemoSeed {
  facilityId: string;
  practitionerId: string;
  client: { id: string; secret: string };
}

export const demoFacility = {
  licenceNumber: '10110000123',
  kind: 'medical_clinic' as const,
  nameTh: 'คลินิกเวชกรรมหมอพร้อม',
  nameEn: 'Mor Prom Medical Clinic',
  province: 'TH-10',
  address: '88/20 ถนนติวานนท์ ตำบลตลาดขวัญ อำเภอเมืองนนทบุรี',
  joinedAt: new Date('2026-01-15T00:00:00Z'),
};

export const demoPractitioner = {
  profession: 'physician' as const,
  licenceNumber: 'ว.12345',
  nameTh: 'นายแพทย์สมศักดิ์ ปิ่นทอง',
  nameEn: 'Dr Somsak Pinthong',
  specialties: ['Family Medicine', 'Occupational Medicine'],
};

/** The patient of the types' example certificates, with a phone on file so the wallet can send them a sign-in code. */
export const demoCitizen = { nationalId: '1101700203450', phone: '+66812345678' };

const activeSince = new Date('2020-01-01T00:00:00Z');

export async function seedDemo(ctx: AppContext): Promise<DemoSeed> {
  const { registry } = ctx;
  const facility = (await registry.findFacilityByLicence(demoFacility.licenceNumber)) ?? (await registry.createFacility(demoFacility));
  const practitioner = (await registry.practitionersByLicence(demoPractitioner.licenceNumber)).find((p) => p.profession === demoPractitioner.profession) ?? (await registry.createPractitioner(demoPractitioner));
  if ((await registry.facilityLicenceStatusAt(facility.id, new Date())) !== 'active') await registry.appendLicenceStatus('facility', facility.id, { status: 'active', effectiveFrom: activeSince });
  if ((await registry.practitionerLicenceStatusAt(practitioner.id, new Date())) !== 'active') await registry.appendLicenceStatus('practitioner', practitioner.id, { status: 'active', effectiveFrom: activeSince });
  const roles = new Set((await registry.membershipsOfPractitioner(practitioner.id)).filter((m) => m.facilityId === facility.id).map((m) => m.role));
  for (const role of ['signer', 'admin'] as const) if (!roles.has(role)) await registry.addMembership({ facilityId: facility.id, practitionerId: practitioner.id, role, since: activeSince });
  const client = await ctx.accounts.ensureDemoClient(facility.id);
  await ctx.pki.ensureInitialized();
  await ctx.pki.identityForFacility(facility);
  await ctx.pki.identityForPractitioner({ ...practitioner, organization: facility.nameEn });
  await ctx.certificates.consents.ensure(practitioner.id, facility.id, ctx.types.ids(), 'system');
  await rememberContactPhone(ctx.db, subjectKeyOf({ nationalId: demoCitizen.nationalId }), demoCitizen.phone);
  return { facilityId: facility.id, practitionerId: practitioner.id, client };
}
