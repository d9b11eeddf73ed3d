import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../server/app';
import { createStationWorld, type StationWorld } from './test-support';

let world: StationWorld;
let app: FastifyInstance;
const ids = { licensed: '', suspended: '', unrecorded: '', other: '', adminPractitioner: '', otherAdminPractitioner: '', doctor: '', suspendedDoctor: '' };
const logins: Record<string, { username: string; password: string; totpSecret?: string }> = {};

type Session = { cookie: string; csrf: string };

async function signIn(name: string): Promise<Session> {
  const login = logins[name]!;
  const payload = { username: login.username, password: login.password, ...(login.totpSecret ? { totp: world.nextCode(login.totpSecret) } : {}) };
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload });
  assert.equal(response.statusCode, 200, response.body);
  const jar = Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
  return { cookie: `medcert_session=${jar.medcert_session}; medcert_csrf=${jar.medcert_csrf}`, csrf: response.json().csrfToken };
}

function call(session: Session, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  return app.inject({ method, url, payload, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
}

function assertProblem(response: LightMyRequestResponse, status: number, type: string): Record<string, unknown> {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const body = response.json();
  assert.equal(body.type, `https://medcert.dev/problems/${type}`);
  return body;
}

async function countRows(table: 'facility_onboarding_requests' | 'memberships' | 'signer_invitations' | 'certificates'): Promise<number> {
  return (await world.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
}

before(async () => {
  world = await createStationWorld();
  app = await buildApp(world.ctx, { logger: false });
  ids.licensed = await world.facility('11001', 'active');
  ids.suspended = await world.facility('11002', 'suspended');
  ids.unrecorded = await world.facility('11003', null);
  ids.other = await world.facility('11004', 'active');
  ids.adminPractitioner = await world.practitioner('ว.100', 'active');
  ids.otherAdminPractitioner = await world.practitioner('ว.200', 'active');
  ids.doctor = await world.practitioner('ว.300', 'active');
  ids.suspendedDoctor = await world.practitioner('ว.400', 'suspended');
  logins.admin = await world.user('clinic-admin', { practitionerId: ids.adminPractitioner });
  logins.otherAdmin = await world.user('other-admin', { practitionerId: ids.otherAdminPractitioner });
  logins.operator = await world.user('operator', { operator: true });
  logins.plain = await world.user('no-practitioner');
});
after(async () => {
  await app.close();
  await world.close();
});

describe('onboarding', () => {
  test('a facility whose licence is not active is refused, and nothing is written', async () => {
    const admin = await signIn('admin');
    for (const licence of ['11002', '11003']) {
      const body = assertProblem(await call(admin, 'POST', '/api/v1/station/onboarding', { licenceNumber: licence }), 422, 'facility-licence-not-active');
      assert.match(String(body.detail), /licensed, active facility/);
    }
    assertProblem(await call(admin, 'POST', '/api/v1/station/onboarding', { licenceNumber: '99999' }), 404, 'facility-not-in-registry');
    assert.equal(await countRows('facility_onboarding_requests'), 0);
  });

  test('an account not linked to a practitioner cannot ask, and bad bodies are 400 problems', async () => {
    const plain = await signIn('plain');
    assertProblem(await call(plain, 'POST', '/api/v1/station/onboarding', { licenceNumber: '11001' }), 400, 'not-a-practitioner-account');
    assertProblem(await call(plain, 'POST', '/api/v1/station/onboarding', { licence: '11001' }), 400, 'invalid-input');
    assertProblem(await app.inject({ method: 'POST', url: '/api/v1/station/onboarding', payload: { licenceNumber: '11001' } }), 401, 'not-authenticated');
  });

  test('the operator approves: the facility joins today, its free period runs two years, the requester becomes its admin', async () => {
    const admin = await signIn('admin');
    const requested = await call(admin, 'POST', '/api/v1/station/onboarding', { licenceNumber: '11001' });
    assert.equal(requested.statusCode, 201, requested.body);
    assert.equal(requested.json().status, 'pending');
    assertProblem(await call(admin, 'POST', '/api/v1/station/onboarding', { licenceNumber: '11001' }), 409, 'onboarding-conflict');
    assertProblem(await call(admin, 'POST', `/api/v1/station/onboarding/${requested.json().id}/approve`), 403, 'forbidden');

    const operator = await signIn('operator');
    const pending = await call(operator, 'GET', '/api/v1/station/onboarding?status=pending');
    assert.deepEqual(pending.json().map((r: { id: string }) => r.id), [requested.json().id]);
    const approved = await call(operator, 'POST', `/api/v1/station/onboarding/${requested.json().id}/approve`);
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().status, 'approved');
    assertProblem(await call(operator, 'POST', `/api/v1/station/onboarding/${requested.json().id}/approve`), 409, 'onboarding-conflict');

    const facility = await world.ctx.registry.getFacility(ids.licensed);
    assert.equal(facility.joinedAt.getTime(), world.clock.now.getTime(), 'joined at the approval');
    assert.equal(facility.freeUntil.getUTCFullYear() - facility.joinedAt.getUTCFullYear(), 2);
    const me = (await call(await signIn('admin'), 'GET', '/api/v1/station/me')).json();
    assert.deepEqual(me.facilities.map((f: { id: string; roles: string[] }) => [f.id, f.roles]), [[ids.licensed, ['admin']]]);
    assert.equal(me.facilities[0].freePeriod.state, 'running');
    assert.ok(me.facilities[0].freePeriod.daysLeft >= 729, `two years left: ${me.facilities[0].freePeriod.daysLeft}`);
  });

  test('the operator refuses with a reason the admin sees; approval re-checks the licence', async () => {
    const otherAdmin = await signIn('otherAdmin');
    const requested = (await call(otherAdmin, 'POST', '/api/v1/station/onboarding', { licenceNumber: '11004' })).json();
    const operator = await signIn('operator');
    const refused = await call(operator, 'POST', `/api/v1/station/onboarding/${requested.id}/refuse`, { reason: 'Documents incomplete' });
    assert.equal(refused.json().status, 'refused');
    const mine = (await call(otherAdmin, 'GET', '/api/v1/station/me')).json();
    assert.deepEqual(mine.onboardingRequests.map((r: { status: string; refusalReason: string }) => [r.status, r.refusalReason]), [['refused', 'Documents incomplete']]);
    assert.deepEqual(mine.facilities, []);

    const again = (await call(otherAdmin, 'POST', '/api/v1/station/onboarding', { licenceNumber: '11004' })).json();
    await world.ctx.registry.appendLicenceStatus('facility', ids.other, { status: 'suspended', effectiveFrom: new Date(world.clock.now.getTime() - 1000) });
    assertProblem(await call(operator, 'POST', `/api/v1/station/onboarding/${again.id}/approve`), 422, 'facility-licence-not-active');
    const still = (await call(operator, 'GET', '/api/v1/station/onboarding?status=pending')).json();
    assert.deepEqual(still.map((r: { id: string }) => r.id), [again.id], 'the request stays pending');
    assert.equal((await world.ctx.registry.membershipsOfPractitioner(ids.otherAdminPractitioner, world.clock.now)).length, 0, 'no membership was written');
    await world.ctx.registry.appendLicenceStatus('facility', ids.other, { status: 'active', effectiveFrom: new Date(world.clock.now.getTime() - 500) });
    assert.equal((await call(operator, 'POST', `/api/v1/station/onboarding/${again.id}/approve`)).statusCode, 200);
  });
});

describe('signers', () => {
  let invitationCode = '';

  test('inviting a practitioner whose licence is not active is refused, and no membership is written', async () => {
    const admin = await signIn('admin');
    const before = await countRows('memberships');
    assertProblem(await call(admin, 'POST', `/api/v1/station/facilities/${ids.licensed}/signers`, { licenceNumber: 'ว.400' }), 422, 'practitioner-licence-not-active');
    assertProblem(await call(admin, 'POST', `/api/v1/station/facilities/${ids.licensed}/signers`, { licenceNumber: 'ว.999' }), 404, 'practitioner-not-in-registry');
    assertProblem(await call(admin, 'POST', `/api/v1/station/facilities/${ids.licensed}/signers`, { licenceNumber: 'ว.300', profession: 'wizard' }), 400, 'invalid-input');
    assert.equal(await countRows('memberships'), before);
    assert.equal(await countRows('signer_invitations'), 0);
  });

  test('an admin adds a doctor by licence number and gets a one-time invitation code for their login', async () => {
    const admin = await signIn('admin');
    const added = await call(admin, 'POST', `/api/v1/station/facilities/${ids.licensed}/signers`, { licenceNumber: ' ว.300 ' });
    assert.equal(added.statusCode, 201, added.body);
    const body = added.json();
    assert.match(body.invitationCode, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    assert.equal(body.signer.account, 'invited');
    assert.equal(body.signer.signingCertificate.state, 'none');
    assert.equal(body.signer.licenceStatus, 'active');
    invitationCode = body.invitationCode;
    const stored = await world.database.db.selectFrom('signer_invitations').select('code_hash').execute();
    assert.ok(stored.every((row) => !row.code_hash.includes(invitationCode)), 'only a digest is stored');
  });

  test('the doctor redeems the code once, signs in, and enrols TOTP confirmed by a first code', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/station/invitations/accept', payload: { code: 'AAAAA-AAAAA-AAAAA-AAAAA', username: 'dr-somchai', password: 'a long password' } });
    assertProblem(wrong, 400, 'invitation-invalid');
    const accepted = await app.inject({ method: 'POST', url: '/api/v1/station/invitations/accept', payload: { code: invitationCode.toLowerCase(), username: 'dr-somchai', password: 'a long password' } });
    assert.equal(accepted.statusCode, 201, accepted.body);
    assertProblem(await app.inject({ method: 'POST', url: '/api/v1/station/invitations/accept', payload: { code: invitationCode, username: 'dr-somchai-2', password: 'a long password' } }), 400, 'invitation-invalid');
    logins.doctor = { username: 'dr-somchai', password: 'a long password' };

    const doctor = await signIn('doctor');
    assert.equal((await call(doctor, 'GET', '/api/v1/station/me')).json().secondFactor, false);
    assertProblem(await call(doctor, 'POST', '/api/v1/station/me/totp/confirm', { code: '123456' }), 409, 'no-pending-totp-enrolment');
    const enrolment = (await call(doctor, 'POST', '/api/v1/station/me/totp')).json();
    assert.match(enrolment.uri, /^otpauth:\/\/totp\/medcert:dr-somchai\?/);
    const good = world.nextCode(enrolment.secret);
    assertProblem(await call(doctor, 'POST', '/api/v1/station/me/totp/confirm', { code: good === '000000' ? '111111' : '000000' }), 401, 'invalid-credentials');
    assert.equal((await call(doctor, 'POST', '/api/v1/station/me/totp/confirm', { code: good })).statusCode, 204);
    logins.doctor.totpSecret = enrolment.secret;
    assertProblem(await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'dr-somchai', password: 'a long password' } }), 401, 'totp-required');
    const signers = (await call(await signIn('admin'), 'GET', `/api/v1/station/facilities/${ids.licensed}/signers`)).json();
    assert.deepEqual(signers.map((s: { licenceNumber: string; account: string }) => [s.licenceNumber, s.account]), [['ว.300', 'active']]);
  });

  test('access is scoped to the facility: another facility’s admin and a signer cannot manage these signers', async () => {
    const otherAdmin = await signIn('otherAdmin');
    assertProblem(await call(otherAdmin, 'GET', `/api/v1/station/facilities/${ids.licensed}/signers`), 403, 'forbidden');
    assertProblem(await call(otherAdmin, 'POST', `/api/v1/station/facilities/${ids.licensed}/signers`, { licenceNumber: 'ว.200' }), 403, 'forbidden');
    assertProblem(await call(otherAdmin, 'DELETE', `/api/v1/station/facilities/${ids.licensed}/signers/${ids.doctor}`), 403, 'forbidden');
    assertProblem(await call(otherAdmin, 'GET', `/api/v1/station/facilities/${ids.licensed}`), 403, 'forbidden');
    assertProblem(await call(otherAdmin, 'POST', `/api/v1/station/facilities/${ids.licensed}/certificates/search`, {}), 403, 'forbidden');
    const doctor = await signIn('doctor');
    assertProblem(await call(doctor, 'POST', `/api/v1/station/facilities/${ids.licensed}/signers`, { licenceNumber: 'ว.200' }), 403, 'forbidden');
  });
});

describe('issuing from the Station', () => {
  const patient = { nationalId: '1101700203450', nameTh: 'นางสาวน้ำฝน ตั้งใจดี', nameEn: 'Ms Namfon Tangjaidee', birthDate: '1990-04-01' };
  const data = { examinedOn: '2026-11-20', diagnosis: 'Influenza A', restFrom: '2026-11-20', restTo: '2026-11-22', days: 3 };
  let issuedId = '';

  test('the types come with their schema and Thai and English labels', async () => {
    const types = (await call(await signIn('doctor'), 'GET', '/api/v1/station/types')).json();
    const sickLeave = types.find((t: { id: string }) => t.id === 'sick-leave');
    assert.equal(sickLeave.names.th, 'ใบรับรองแพทย์ (ลาป่วย)');
    assert.equal(sickLeave.labels.diagnosis.en, 'Diagnosis');
    assert.deepEqual(sickLeave.schema.required, ['examinedOn', 'diagnosis', 'restFrom', 'restTo', 'days']);
  });

  test('a preview is an unsigned PDF; data that does not fit the schema is a 400 naming the fields', async () => {
    const doctor = await signIn('doctor');
    const preview = await call(doctor, 'POST', '/api/v1/station/preview', { type: 'sick-leave', data, patient, facilityId: ids.licensed });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.equal(preview.headers['content-type'], 'application/pdf');
    assert.equal(preview.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.ok(!preview.rawPayload.includes('/ByteRange'), 'not signed');
    const bad = assertProblem(await call(doctor, 'POST', '/api/v1/station/preview', { type: 'sick-leave', data: { ...data, days: 0 }, patient, facilityId: ids.licensed }), 400, 'certificate-data-invalid');
    assert.deepEqual(bad.errors, ['/days must be >= 1']);
    assertProblem(await call(doctor, 'POST', '/api/v1/station/preview', { type: 'sick-leave', data, patient, facilityId: ids.other }), 403, 'forbidden');
  });

  test('the doctor submits, previews the draft, signs with TOTP, finds it by name, corrects it and revokes the correction', async () => {
    const doctor = await signIn('doctor');
    const submitted = await call(doctor, 'POST', '/api/v1/certificates', { type: 'sick-leave', data, patient, facilityId: ids.licensed });
    assert.equal(submitted.statusCode, 201, submitted.body);
    assert.equal(submitted.json().status, 'pending_signature');
    issuedId = submitted.json().id;
    const draft = await call(doctor, 'GET', `/api/v1/station/certificates/${issuedId}/preview`);
    assert.equal(draft.headers['x-medcert-signed'], 'false');

    const approved = await call(doctor, 'POST', '/api/v1/signing/approve', { certificateIds: [issuedId], totp: world.nextCode(logins.doctor!.totpSecret!) });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().certificates[0].status, 'issued');
    const signed = await call(doctor, 'GET', `/api/v1/station/certificates/${issuedId}/preview`);
    assert.equal(signed.headers['x-medcert-signed'], 'true');
    assert.ok(signed.rawPayload.includes('/ByteRange'));

    const found = (await call(doctor, 'POST', `/api/v1/station/facilities/${ids.licensed}/certificates/search`, { q: 'namfon' })).json().certificates;
    assert.deepEqual(found.map((c: { id: string; patientNameTh: string }) => [c.id, c.patientNameTh]), [[issuedId, patient.nameTh]]);
    assert.equal((await call(doctor, 'POST', `/api/v1/station/facilities/${ids.licensed}/certificates/search`, { q: 'น้ำฝน' })).json().certificates.length, 1);
    assert.equal((await call(doctor, 'POST', `/api/v1/station/facilities/${ids.licensed}/certificates/search`, { q: 'somebody else' })).json().certificates.length, 0);

    assertProblem(await call(doctor, 'POST', `/api/v1/station/certificates/${issuedId}/correct`, { reason: 'x', data }), 400, 'invalid-input');
    const corrected = await call(doctor, 'POST', `/api/v1/station/certificates/${issuedId}/correct`, { reason: 'Wrong number of days', data: { ...data, days: 2, restTo: '2026-11-21' } });
    assert.equal(corrected.statusCode, 201, corrected.body);
    await call(doctor, 'POST', '/api/v1/signing/approve', { certificateIds: [corrected.json().id], totp: world.nextCode(logins.doctor!.totpSecret!) });
    const list = (await call(doctor, 'POST', `/api/v1/station/facilities/${ids.licensed}/certificates/search`, {})).json().certificates;
    const byId = new Map(list.map((c: { id: string }) => [c.id, c]));
    assert.equal((byId.get(issuedId) as { status: string }).status, 'superseded');
    assert.deepEqual(byId.get(corrected.json().id), { ...(byId.get(corrected.json().id) as object), status: 'issued', supersedes: issuedId, correctionReason: 'Wrong number of days' });

    const revoked = await call(doctor, 'POST', `/api/v1/certificates/${corrected.json().id}/revoke`, { reason: 'Issued to the wrong person' });
    assert.equal(revoked.json().status, 'revoked');
  });

  test('bulk CSV streams one progress line per row, then a report with the failed lines', async () => {
    const doctor = await signIn('doctor');
    const csv = [
      'request_id,patient.national_id,patient.name_en,data.examinedOn,data.diagnosis,data.restFrom,data.restTo,data.days',
      'r1,1101700203450,Ms A,2026-11-20,Flu,2026-11-20,2026-11-21,2',
      'r2,1101700203450,Ms B,2026-11-20,Flu,2026-11-20,2026-11-21,many',
      'r3,1101700203450,,2026-11-20,Flu,2026-11-20,2026-11-21,2',
    ].join('\n');
    const response = await app.inject({ method: 'POST', url: `/api/v1/station/facilities/${ids.licensed}/bulk?type=sick-leave`, payload: csv, headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrf, 'content-type': 'text/csv' } });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'application/x-ndjson');
    const lines = response.body.trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(lines.slice(0, 3).map((line) => line.progress.rows), [1, 2, 3]);
    const { report } = lines.at(-1);
    assert.equal(report.pending, 1);
    assert.deepEqual(report.failed.map((f: { line: number }) => f.line), [3, 4]);
    const unknownType = await app.inject({ method: 'POST', url: `/api/v1/station/facilities/${ids.licensed}/bulk?type=nope`, payload: csv, headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrf, 'content-type': 'text/csv' } });
    assertProblem(unknownType, 404, 'unknown-certificate-type');
  });

  test('removing a signer ends the membership (kept as history); they no longer appear, and a second removal is 404', async () => {
    const admin = await signIn('admin');
    const removed = await call(admin, 'DELETE', `/api/v1/station/facilities/${ids.licensed}/signers/${ids.doctor}`);
    assert.equal(removed.statusCode, 204, removed.body);
    assert.deepEqual((await call(admin, 'GET', `/api/v1/station/facilities/${ids.licensed}/signers`)).json(), []);
    const rows = await world.database.db.selectFrom('memberships').select(['until']).where('practitioner_id', '=', ids.doctor).execute();
    assert.equal(rows.length, 1);
    assert.ok(rows[0]!.until, 'ended, not deleted');
    assertProblem(await call(admin, 'DELETE', `/api/v1/station/facilities/${ids.licensed}/signers/${ids.doctor}`), 404, 'signer-not-found');
  });
});

describe('free period', () => {
  test('shows a warning from 60 days before it ends', async () => {
    const joinedAt = new Date(world.clock.now.getTime() - (2 * 365 - 30) * 24 * 60 * 60 * 1000);
    const facility = await world.facility('11009', 'active', joinedAt);
    const summary = await world.ctx.station.facility({ kind: 'user', id: 'x', actor: 'user:x', platformRole: 'platform_operator', practitionerId: null, citizenSubjectKey: null, province: null, facilities: [], scopes: [], via: 'session' }, facility);
    assert.equal(summary.freePeriod.state, 'ending-soon');
    assert.ok(summary.freePeriod.daysLeft > 0 && summary.freePeriod.daysLeft <= 60, String(summary.freePeriod.daysLeft));
  });
});
