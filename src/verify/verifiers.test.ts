import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { deriveAccountKeys } from '../accounts/account-keys';
import { createAccounts } from '../accounts/accounts';
import { tokenDigest } from '../accounts/opaque-token';
import { totpCode } from '../accounts/totp';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { seedDemo, type DemoSeed } from '../demo/seed';
import { buildApp } from '../server/app';
import { createAppContext, type AppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { createVerifiers } from './verifiers';

let dir: string;
let database: DatabaseHandle;
let ctx: AppContext;
let demo: DemoSeed;
let app: FastifyInstance;
let operator: Session;
const password = 'a long enough password';

interface Session {
  cookie: string;
  csrf: string;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-verifiers-'));
  database = await createTestDatabase();
  const base = await createAppContext({ ...loadConfig({ MEDCERT_DATA_DIR: dir }), kek: 'test-kek' }, database);
  const generous = { max: 1000, timeWindow: 60_000 };
  const accounts = createAccounts({ db: database.db, audit: base.audit, keys: deriveAccountKeys('test-kek'), scrypt: { N: 2 ** 10, r: 8, p: 1 }, limits: { login: generous, loginPerAccount: generous } });
  ctx = { ...base, accounts, verifiers: createVerifiers({ ...base, accounts, limits: { registration: generous } }) };
  demo = await seedDemo(ctx);
  app = await buildApp(ctx, { logger: false });
  const created = await ctx.accounts.createUser({ username: 'operator', password, platformRole: 'platform_operator', withTotp: true });
  operator = await signIn('operator', created.totp!.secret);
});
after(async () => {
  await app.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signIn(username: string, totpSecret: string): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { username, password, totp: totpCode(totpSecret, new Date()) } });
  assert.equal(response.statusCode, 200, response.body);
  const jar = Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
  return { cookie: `medcert_session=${jar.medcert_session}; medcert_csrf=${jar.medcert_csrf}`, csrf: response.json().csrfToken };
}

const as = (session: Session) => ({ cookie: session.cookie, 'x-csrf-token': session.csrf });

function assertProblem(response: LightMyRequestResponse, status: number, type: string): void {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  assert.equal(response.json().type, `https://medcert.dev/problems/${type}`);
}

let registrations = 0;
async function register(name: string, kind = 'employer'): Promise<{ id: string; session: Session }> {
  const username = `verifier-${++registrations}`;
  const response = await app.inject({ method: 'POST', url: '/api/v1/verifier/organisations', payload: { name, kind, contactEmail: `hr${registrations}@example.co.th`, username, password } });
  assert.equal(response.statusCode, 201, response.body);
  const body = response.json();
  assert.equal(body.status, 'pending');
  return { id: body.id, session: await signIn(username, body.totp.secret) };
}

async function approved(name: string): Promise<{ id: string; session: Session }> {
  const organisation = await register(name);
  const response = await app.inject({ method: 'POST', url: `/api/v1/verifier/organisations/${organisation.id}/approve`, headers: as(operator) });
  assert.equal(response.statusCode, 200, response.body);
  return organisation;
}

async function newKey(session: Session, rateLimitPerMinute?: number): Promise<{ id: string; key: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/verifier/keys', headers: as(session), payload: { label: 'HR system', ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}) } });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

async function issue(): Promise<{ id: string; pdf: Uint8Array; qr: string; subjectKey: string }> {
  const { patient, data } = ctx.types.get('sick-leave').example;
  const { id } = await ctx.certificates.issuance.accept({ type: 'sick-leave', data, patient, facilityId: demo.facilityId, practitionerId: demo.practitionerId, level: 'B-B' }, { source: 'cli', actor: 'cli', signNow: true });
  const row = await database.db.selectFrom('certificates').select(['qr_payload', 'subject_key']).where('id', '=', id).executeTakeFirstOrThrow();
  return { id, pdf: await ctx.certificates.queries.pdf(id, 'all'), qr: row.qr_payload!, subjectKey: row.subject_key };
}

const verifyQr = (payload: string, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/api/v1/verify/qr', headers, payload: { payload } });
const verifyPdf = (pdf: Uint8Array, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/pdf', ...headers }, payload: Buffer.from(pdf) });
const history = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/verifier/history', headers });

describe('verifier organisations', () => {
  test('an organisation registers with a managing login and waits, pending, for a platform operator', async () => {
    const { id, session } = await register('Siam Logistics Co., Ltd.', 'employer');
    const own = await app.inject({ method: 'GET', url: '/api/v1/verifier/organisation', headers: as(session) });
    assert.equal(own.json().status, 'pending');
    assertProblem(await app.inject({ method: 'POST', url: '/api/v1/verifier/keys', headers: as(session), payload: { label: 'too early' } }), 403, 'verifier-not-active');
    const pending = await app.inject({ method: 'GET', url: '/api/v1/verifier/organisations?status=pending', headers: as(operator) });
    assert.ok(pending.json().some((o: { id: string }) => o.id === id));
    assertProblem(await app.inject({ method: 'GET', url: '/api/v1/verifier/organisations', headers: as(session) }), 403, 'forbidden');
    assertProblem(await app.inject({ method: 'POST', url: `/api/v1/verifier/organisations/${id}/approve`, headers: as(session) }), 403, 'forbidden');
    const approve = await app.inject({ method: 'POST', url: `/api/v1/verifier/organisations/${id}/approve`, headers: as(operator) });
    assert.equal(approve.json().status, 'active');
    assertProblem(await app.inject({ method: 'POST', url: `/api/v1/verifier/organisations/${id}/approve`, headers: as(operator) }), 409, 'verifier-state');
  });

  test('a registration with bad input or a taken username is refused and writes nothing', async () => {
    const before = await database.db.selectFrom('verifier_organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const base = { name: 'Krungthep Insurance', kind: 'insurer', contactEmail: 'claims@example.co.th', username: 'insurer-admin', password };
    assertProblem(await app.inject({ method: 'POST', url: '/api/v1/verifier/organisations', payload: { ...base, kind: 'spy' } }), 400, 'invalid-input');
    assertProblem(await app.inject({ method: 'POST', url: '/api/v1/verifier/organisations', payload: { ...base, contactEmail: 'nobody' } }), 400, 'invalid-input');
    assertProblem(await app.inject({ method: 'POST', url: '/api/v1/verifier/organisations', payload: { ...base, password: 'short' } }), 400, 'invalid-input');
    assertProblem(await app.inject({ method: 'POST', url: '/api/v1/verifier/organisations', payload: { ...base, username: 'operator' } }), 409, 'username-taken');
    const afterwards = await database.db.selectFrom('verifier_organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterwards.n), Number(before.n));
    assert.equal(await database.db.selectFrom('users').select('id').where('username', '=', 'insurer-admin').executeTakeFirst(), undefined);
  });

  test('an API key is shown once and stored only as its SHA-256 digest', async () => {
    const { id, session } = await approved('Thai Border Agency');
    const { id: keyId, key } = await newKey(session);
    assert.match(key, /^mcv_[A-Za-z0-9_-]{43}$/);
    const row = await database.db.selectFrom('verifier_api_keys').selectAll().where('id', '=', keyId).executeTakeFirstOrThrow();
    assert.equal(row.key_hash, tokenDigest(key));
    assert.equal(row.organisation_id, id);
    assert.ok(!JSON.stringify(row).includes(key.slice(4)), 'the key is not stored in clear');
    await ctx.audit.flush();
    const audit = await database.db.selectFrom('audit_events').select('details').execute();
    assert.ok(!JSON.stringify(audit).includes(key.slice(4)), 'nor audited');
    const listed = await app.inject({ method: 'GET', url: '/api/v1/verifier/keys', headers: as(session) });
    assert.deepEqual(listed.json().map((k: { id: string; revoked: boolean }) => [k.id, k.revoked]), [[keyId, false]]);
    assert.ok(!listed.body.includes(key.slice(4)));
  });

  test('a verification with an API key is attributed to the organisation; without one it stays anonymous', async () => {
    const { id, session } = await approved('Attributed Employer');
    const { key } = await newKey(session);
    const certificate = await issue();
    const byKey = await verifyQr(certificate.qr, { authorization: `ApiKey ${key}` });
    assert.equal(byKey.json().valid, true, byKey.body);
    const byHeader = await verifyPdf(certificate.pdf, { 'x-api-key': key });
    assert.equal(byHeader.json().valid, true, byHeader.body);
    assert.equal((await verifyQr(certificate.qr)).statusCode, 200);
    await ctx.verifiers.flushLog();
    const rows = await database.db.selectFrom('verifications').select(['channel', 'organisation_id', 'certificate_id', 'valid']).where('certificate_id', '=', certificate.id).orderBy('id').execute();
    assert.deepEqual(rows, [
      { channel: 'qr', organisation_id: id, certificate_id: certificate.id, valid: true },
      { channel: 'pdf', organisation_id: id, certificate_id: certificate.id, valid: true },
      { channel: 'qr', organisation_id: null, certificate_id: certificate.id, valid: true },
    ]);
  });

  test('a revoked key, an unknown key, a malformed key and a suspended organisation all get 401', async () => {
    const { id, session } = await approved('Revoking Insurer');
    const { id: keyId, key } = await newKey(session);
    assert.equal((await verifyQr('MC1:AAAA', { 'x-api-key': key })).statusCode, 200);
    const revoke = await app.inject({ method: 'DELETE', url: `/api/v1/verifier/keys/${keyId}`, headers: as(session) });
    assert.equal(revoke.statusCode, 204);
    const refused = await verifyQr('MC1:AAAA', { 'x-api-key': key });
    assertProblem(refused, 401, 'invalid-api-key');
    assert.equal(refused.headers['www-authenticate'], 'ApiKey');
    assertProblem(await verifyPdf(Buffer.from('%PDF-1.7'), { authorization: `ApiKey ${key}` }), 401, 'invalid-api-key');
    assertProblem(await history({ 'x-api-key': key }), 401, 'invalid-api-key');
    assertProblem(await verifyQr('MC1:AAAA', { authorization: `ApiKey mcv_${'x'.repeat(43)}` }), 401, 'invalid-api-key');
    assertProblem(await verifyQr('MC1:AAAA', { authorization: 'ApiKey' }), 401, 'invalid-api-key');
    assertProblem(await app.inject({ method: 'DELETE', url: `/api/v1/verifier/keys/${keyId}`, headers: as(session) }), 404, 'not-found');

    const { key: second } = await newKey(session);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/verifier/organisations/${id}/suspend`, headers: as(operator) })).statusCode, 200);
    assertProblem(await verifyQr('MC1:AAAA', { 'x-api-key': second }), 401, 'invalid-api-key');
    assert.equal((await verifyQr('MC1:AAAA')).statusCode, 200, 'anonymous verification is unaffected');
  });

  test("each key has its own rate limit: over it, 429 problem+json; other keys and anonymous callers go on", async () => {
    const { session } = await approved('Rate Limited Agency');
    const slow = await newKey(session, 2);
    const other = await newKey(session);
    for (let i = 0; i < 2; i++) assert.equal((await verifyQr('MC1:AAAA', { 'x-api-key': slow.key })).statusCode, 200);
    const limited = await verifyQr('MC1:AAAA', { 'x-api-key': slow.key });
    assertProblem(limited, 429, 'rate-limited');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assertProblem(await verifyPdf(Buffer.from('%PDF-1.7'), { 'x-api-key': slow.key }), 429, 'rate-limited');
    assert.equal((await verifyQr('MC1:AAAA', { 'x-api-key': other.key })).statusCode, 200);
    assert.equal((await verifyQr('MC1:AAAA')).statusCode, 200);

    const raised = await app.inject({ method: 'PATCH', url: `/api/v1/verifier/keys/${slow.id}`, headers: as(session), payload: { rateLimitPerMinute: 10 } });
    assert.equal(raised.statusCode, 204);
    assert.equal((await verifyQr('MC1:AAAA', { 'x-api-key': slow.key })).statusCode, 200, 'a raised limit applies at once');
    assertProblem(await app.inject({ method: 'PATCH', url: `/api/v1/verifier/keys/${slow.id}`, headers: as(session), payload: { rateLimitPerMinute: 0 } }), 400, 'invalid-input');
  });

  test('a batch counts each of its verifications against the key: one over the budget refuses the batch', async () => {
    const { session } = await approved('Batch Checking Insurer');
    const key = await newKey(session, 5);
    const batch = (n: number) => app.inject({ method: 'POST', url: '/api/v1/verify/qr/batch', headers: { 'x-api-key': key.key }, payload: { payloads: Array.from({ length: n }, () => 'MC1:AAAA') } });
    const three = await batch(3);
    assert.equal(three.statusCode, 200);
    assert.equal(three.json().results.length, 3);
    assertProblem(await batch(3), 429, 'rate-limited');
    assertProblem(await verifyQr('MC1:AAAA', { 'x-api-key': key.key }), 429, 'rate-limited');
  });

  test('a key has one budget across server processes, not one per process', async () => {
    const { session } = await approved('Multi Worker Employer');
    const key = await newKey(session, 3);
    const otherProcess = await buildApp(ctx, { logger: false });
    try {
      const answers = [];
      for (const server of [app, otherProcess, app, otherProcess]) answers.push((await server.inject({ method: 'POST', url: '/api/v1/verify/qr', headers: { 'x-api-key': key.key }, payload: { payload: 'MC1:AAAA' } })).statusCode);
      assert.deepEqual(answers, [200, 200, 200, 429]);
    } finally {
      await otherProcess.close();
    }
  });

  test('the history shows an organisation its own verifications only, without content', async () => {
    const first = await approved('History Employer One');
    const second = await approved('History Employer Two');
    const firstKey = await newKey(first.session);
    const secondKey = await newKey(second.session);
    const certificate = await issue();
    await verifyQr(certificate.qr, { 'x-api-key': firstKey.key });
    await verifyQr('MC1:AAAA', { 'x-api-key': firstKey.key });
    await verifyQr(certificate.qr, { 'x-api-key': secondKey.key });

    const mine = await history({ 'x-api-key': firstKey.key });
    assert.equal(mine.statusCode, 200, mine.body);
    assert.deepEqual(
      mine.json().map((v: { channel: string; certificateId: string | null; valid: boolean; reasons: string[] }) => [v.channel, v.certificateId, v.valid, v.reasons]),
      [
        ['qr', null, false, ['qr.invalid']],
        ['qr', certificate.id, true, []],
      ],
    );
    assert.deepEqual(Object.keys(mine.json()[0]).sort(), ['at', 'certificateId', 'channel', 'reasons', 'valid']);
    const bySession = await history(as(first.session));
    assert.deepEqual(bySession.json(), mine.json());
    assert.equal((await history({ 'x-api-key': secondKey.key })).json().length, 1);
    assertProblem(await history({}), 401, 'not-authenticated');
    assertProblem(await history(as(operator)), 403, 'forbidden');
  });

  test('the citizen sees which organisations verified their own certificate, and when; nobody else does', async () => {
    const { session } = await approved('Citizen-visible Employer');
    const { key } = await newKey(session);
    const certificate = await issue();
    await verifyQr(certificate.qr, { 'x-api-key': key });
    await verifyPdf(certificate.pdf);
    const owner = await ctx.accounts.createUser({ username: 'citizen-owner', password, platformRole: 'citizen', citizenSubjectKey: certificate.subjectKey, withTotp: true });
    const stranger = await ctx.accounts.createUser({ username: 'citizen-stranger', password, platformRole: 'citizen', citizenSubjectKey: 'another-subject-key', withTotp: true });
    const url = `/api/v1/wallet/certificates/${certificate.id}/verifications`;

    const seen = await app.inject({ method: 'GET', url, headers: as(await signIn('citizen-owner', owner.totp!.secret)) });
    assert.equal(seen.statusCode, 200, seen.body);
    const entries = seen.json();
    assert.deepEqual(
      entries.map((e: { organisation: { name: string; kind: string } | null }) => e.organisation && { name: e.organisation.name, kind: e.organisation.kind }),
      [null, { name: 'Citizen-visible Employer', kind: 'employer' }],
    );
    assert.ok(entries.every((e: { at: string }) => !Number.isNaN(Date.parse(e.at))));
    assert.deepEqual(await ctx.verifiers.verificationsOfCertificate(certificate.id), entries);

    assertProblem(await app.inject({ method: 'GET', url, headers: as(await signIn('citizen-stranger', stranger.totp!.secret)) }), 404, 'not-found');
    assertProblem(await app.inject({ method: 'GET', url, headers: as(session) }), 403, 'forbidden');
    assertProblem(await app.inject({ method: 'GET', url }), 401, 'not-authenticated');
  });

  test('the OpenAPI document describes the verifier routes and the ApiKey scheme', async () => {
    const openapi = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const route of ['/api/v1/verifier/organisations', '/api/v1/verifier/keys', '/api/v1/verifier/history', '/api/v1/wallet/certificates/{id}/verifications']) assert.ok(openapi.paths[route], route);
    assert.deepEqual(openapi.components.securitySchemes.apiKey, { type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    assert.ok(openapi.paths['/api/v1/verify'].post.responses['429']);
  });
});
