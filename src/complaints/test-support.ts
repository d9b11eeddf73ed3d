/** Complaint test fixtures: facilities of each kind and province, and callers of every role, built without HTTP. */
import { randomUUID } from 'node:crypto';
import type { Caller, FacilityGrant } from '../accounts/caller';
import type { Db } from '../db/database';
import type { FacilityKind } from '../registry/tables';

export async function addFacility(db: Db, kind: FacilityKind, province: string): Promise<string> {
  const licence = `C-${randomUUID().slice(0, 8)}`;
  const row = await db
    .insertInto('facilities')
    .values({ licence_number: licence, kind, name_th: `สถานพยาบาล ${licence}`, name_en: `Facility ${licence}`, province, address: 'Test address', free_until: new Date('2028-01-01T00:00:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function user(platformRole: Caller['platformRole'], extra: Partial<Caller> = {}): Caller {
  const id = extra.id ?? randomUUID();
  return { kind: 'user', id, actor: `user:${id}`, platformRole, practitionerId: null, citizenSubjectKey: null, province: null, facilities: [], scopes: [], via: 'session', ...extra };
}

export const callers = {
  citizen: (subjectKey: string) => user('citizen', { citizenSubjectKey: subjectKey }),
  operator: () => user('platform_operator'),
  member: (facilityId: string, role: FacilityGrant['role']) => user('none', { practitionerId: randomUUID(), facilities: [{ facilityId, role }] }),
  client: (facilityId: string): Caller => ({ ...user('none', { facilities: [{ facilityId, role: 'client' }] }), kind: 'client', actor: 'client:his' }),
};

/** A provincial officer with a users row (assignment checks the row). */
export async function addOfficer(db: Db, province: string): Promise<Caller> {
  const row = await db
    .insertInto('users')
    .values({ username: `officer-${randomUUID().slice(0, 8)}`, password_hash: 'x', totp_secret_sealed: null, totp_last_step: null, platform_role: 'provincial_officer', practitioner_id: null, citizen_subject_key: null, province, disabled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return user('provincial_officer', { id: row.id, province });
}

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
export const sampleFiles = {
  png: new Uint8Array(png),
  jpeg: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]),
  pdf: new Uint8Array(Buffer.from('%PDF-1.7\n%%EOF\n')),
  gif: new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00')),
  text: new Uint8Array(Buffer.from('just some text that claims to be a picture')),
};
