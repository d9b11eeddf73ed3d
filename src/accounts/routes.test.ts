import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { buildApp } from '../server/app';
import { createAppContext, type AppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { deriveAccountKeys } from './account-keys';
import { createAccounts, type AccountsOptions } from './accounts';
import { totpCode } from './totp';

const fastScrypt = { N: 2 ** 10, r: 8, p: 1 };
let database: DatabaseHandle;
let ctx: AppContext;
let app: FastifyInstance;
let clock = new Date('2026-11-24T10:00:00Z');
const ids = { facilityA: '', facilityB: '', doctorA: '', staffB: '' };
const users: Record<string, { id: string; totp: string }> = {};

async function contextWith(accounts: Partial<AccountsOptions> = {}): Promise<AppContext> {
  const base = await createAppContext({ ...loadConfig({}), kek: 'test-kek' }, database);
  return { ...base, accounts: createAccounts({ db: database.db, audit: base.audit, keys: deriveAccountKeys('test-kek'), scrypt: fastScrypt, now: () => clock, ...accounts }) };
}

async function addFacility(licence: string): Promise<string> {
  const row = await database.db
    .insertInto('facilities')
    .values({ licence_number: licence, kind: 'medical_clinic', name_th: `คลินิก ${licence}`, name_en: `Clinic ${licence}`, province: 'TH-10', address: 'Bangkok', free_until: new Date('2028-01-01Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addMember(facilityId: string, licence: string, role: 'admin' | 'signer' | 'staff'): Promise<string> {
  const practitioner = await database.db
    .insertInto('practitioners')
    .values({ profession: 'physician', licence_number: licence, name_th: `หมอ ${licence}`, name_en: `Doctor ${licence}`, national_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db.insertInto('memberships').values({ facility_id: facilityId, practitioner_id: practitioner.id, role, since: new Date('2020-01-01Z'), until: null }).execute();
  return practitioner.id;
}

function cookies(response: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
}

/** Logs in with a fresh TOTP step and returns the cookie header and CSRF token. */
async function signIn(username: string): Promise<{ cookie: string; csrf: string }> {
  clock = new Date(clock.getTime() + 30_000);
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { username, password: 'password of ' + username, totp: totpCode(users[username]!.totp, clock) } });
  assert.equal(response.statusCode, 200, response.body);
  const jar = cookies(response);
  return { cookie: `medcert_session=${jar.medcert_session}; medcert_csrf=${jar.medcert_csrf}`, csrf: response.json().csrfToken };
}

async function token(clientId: string, secret: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret } });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().access_token;
}

function assertProblem(response: LightMyRequestResponse, status: number, type: string): Record<string, unknown> {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const body = response.json();
  assert.equal(body.type, `https://medcert.dev/problems/${type}`);
  assert.equal(typeof body.detail, 'string');
  return body;
}

describe('accounts over HTTP', () => {
  before(async () => {
    database = await createTestDatabase();
    ctx = await contextWith({ limits: { login: { max: 1000, timeWindow: 60_000 }, token: { max: 1000, timeWindow: 60_000 } } });
    app = await buildApp(ctx, { logger: false });
    ids.facilityA = await addFacility('A-001');
    ids.facilityB = await addFacility('B-002');
    ids.doctorA = await addMember(ids.facilityA, 'P-1', 'admin');
    await addMember(ids.facilityA, 'P-2', 'signer');
    ids.staffB = await addMember(ids.facilityB, 'P-3', 'staff');
    for (const [username, practitionerId] of [
      ['admin-a', ids.doctorA],
      ['staff-b', ids.staffB],
    ] as const) {
      const created = await ctx.accounts.createUser({ username, password: 'password of ' + username, practitionerId, withTotp: true });
      users[username] = { id: created.id, totp: created.totp!.secret };
    }
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  describe('login', () => {
    test('a right password without the one-time code asks for it', async () => {
      const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin-a', password: 'password of admin-a' } });
      assertProblem(response, 401, 'totp-required');
    });

    test('a wrong password, wrong code or unknown user get the same answer', async () => {
      const code = totpCode(users['admin-a']!.totp, clock);
      const answers = await Promise.all(
        [
          { username: 'admin-a', password: 'wrong password!', totp: code },
          { username: 'admin-a', password: 'password of admin-a', totp: code === '000000' ? '111111' : '000000' },
          { username: 'nobody-here', password: 'password of nobody', totp: code },
        ].map((payload) => app.inject({ method: 'POST', url: '/auth/login', payload })),
      );
      const details = answers.map((r) => assertProblem(r, 401, 'invalid-credentials').detail);
      assert.equal(new Set(details).size, 1);
    });

    test('success sets an HttpOnly, SameSite=Lax session cookie and a readable CSRF cookie', async () => {
      clock = new Date(clock.getTime() + 30_000);
      const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'Admin-A', password: 'password of admin-a', totp: totpCode(users['admin-a']!.totp, clock) } });
      assert.equal(response.statusCode, 200, response.body);
      const session = response.cookies.find((c) => c.name === 'medcert_session')!;
      const csrf = response.cookies.find((c) => c.name === 'medcert_csrf')!;
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      assert.equal(session.secure, undefined, 'not Secure outside production');
      assert.match(session.value, /^[\w-]{43}$/);
      assert.equal(csrf.httpOnly, undefined);
      assert.equal(csrf.value, response.json().csrfToken);
      const stored = await database.db.selectFrom('sessions').select('token_hash').execute();
      assert.ok(stored.every((row) => row.token_hash !== session.value), 'only the digest is stored');
    });

    test('a one-time code is refused the second time', async () => {
      clock = new Date(clock.getTime() + 30_000);
      const payload = { username: 'staff-b', password: 'password of staff-b', totp: totpCode(users['staff-b']!.totp, clock) };
      assert.equal((await app.inject({ method: 'POST', url: '/auth/login', payload })).statusCode, 200);
      assertProblem(await app.inject({ method: 'POST', url: '/auth/login', payload }), 401, 'invalid-credentials');
    });

    test('malformed bodies are 400 problems, never crashes', async () => {
      assertProblem(await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' }), 400, 'malformed-json');
      assertProblem(await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'a', password: 'b', role: 'platform_operator' } }), 400, 'invalid-input');
      assertProblem(await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 1, password: ['x'] } }), 400, 'invalid-input');
      assertProblem(await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin-a', password: 'x', totp: '12ab56' } }), 400, 'invalid-input');
      const form = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=admin-a&password=x' });
      assert.equal(form.statusCode, 415, 'no form bodies outside the token endpoint (login CSRF)');
      assertProblem(await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'a', password: 'x'.repeat(10_000) } }), 413, 'payload-too-large');
    });
  });

  describe('sessions and CSRF', () => {
    test('/auth/me shows the facilities of the signed-in user', async () => {
      const { cookie } = await signIn('admin-a');
      const me = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } });
      assert.equal(me.statusCode, 200);
      assert.deepEqual(me.json().facilities, [{ facilityId: ids.facilityA, role: 'admin' }]);
    });

    test('a POST with the session cookie but without the CSRF token is refused, and nothing is created', async () => {
      const { cookie, csrf } = await signIn('admin-a');
      const url = `/api/v1/facilities/${ids.facilityA}/clients`;
      assertProblem(await app.inject({ method: 'POST', url, headers: { cookie }, payload: { label: 'HIS' } }), 403, 'csrf-token');
      assertProblem(await app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': csrf.slice(0, -2) + 'xx' }, payload: { label: 'HIS' } }), 403, 'csrf-token');
      const { csrf: otherSessionsToken } = await signIn('admin-a');
      assertProblem(await app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': otherSessionsToken }, payload: { label: 'HIS' } }), 403, 'csrf-token');
      assert.equal((await database.db.selectFrom('oauth_clients').select('id').where('facility_id', '=', ids.facilityA).execute()).length, 0);
    });

    test('logout ends the session', async () => {
      const { cookie, csrf } = await signIn('staff-b');
      assertProblem(await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie } }), 403, 'csrf-token');
      assert.equal((await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie, 'x-csrf-token': csrf } })).statusCode, 204);
      assertProblem(await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } }), 401, 'not-authenticated');
    });

    test('an expired session is refused', async () => {
      const { cookie } = await signIn('staff-b');
      clock = new Date(clock.getTime() + 9 * 60 * 60 * 1000);
      assertProblem(await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } }), 401, 'not-authenticated');
    });
  });

  describe('facility isolation', () => {
    let clientA: { id: string; secret: string; scopes: string[] };

    before(async () => {
      const { cookie, csrf } = await signIn('admin-a');
      const created = await app.inject({ method: 'POST', url: `/api/v1/facilities/${ids.facilityA}/clients`, headers: { cookie, 'x-csrf-token': csrf }, payload: { label: 'HIS of A' } });
      assert.equal(created.statusCode, 201, created.body);
      clientA = created.json();
      assert.deepEqual(clientA.scopes, ['certificates:read', 'certificates:revoke', 'certificates:write']);
    });

    test('a facility admin sees their own members', async () => {
      const { cookie } = await signIn('admin-a');
      const members = await app.inject({ method: 'GET', url: `/api/v1/facilities/${ids.facilityA}/members`, headers: { cookie } });
      assert.equal(members.statusCode, 200);
      assert.deepEqual(members.json().map((m: { licenceNumber: string; role: string }) => [m.licenceNumber, m.role]).sort(), [['P-1', 'admin'], ['P-2', 'signer']]);
    });

    test("staff of clinic B can read neither clinic A's members nor its clients, nor create one", async () => {
      const { cookie, csrf } = await signIn('staff-b');
      assertProblem(await app.inject({ method: 'GET', url: `/api/v1/facilities/${ids.facilityA}/members`, headers: { cookie } }), 403, 'forbidden');
      assertProblem(await app.inject({ method: 'GET', url: `/api/v1/facilities/${ids.facilityA}/clients`, headers: { cookie } }), 403, 'forbidden');
      assertProblem(await app.inject({ method: 'POST', url: `/api/v1/facilities/${ids.facilityA}/clients`, headers: { cookie, 'x-csrf-token': csrf }, payload: { label: 'stolen' } }), 403, 'forbidden');
      const own = await app.inject({ method: 'GET', url: `/api/v1/facilities/${ids.facilityB}/members`, headers: { cookie } });
      assert.equal(own.statusCode, 200);
    });

    test('staff may not create API clients even for their own facility: that is the admin role', async () => {
      const { cookie, csrf } = await signIn('staff-b');
      assertProblem(await app.inject({ method: 'POST', url: `/api/v1/facilities/${ids.facilityB}/clients`, headers: { cookie, 'x-csrf-token': csrf }, payload: { label: 'x' } }), 403, 'forbidden');
    });

    test("clinic A's HIS token reaches A's members and not B's", async () => {
      const bearer = await token(clientA.id, clientA.secret);
      const headers = { authorization: `Bearer ${bearer}` };
      assert.equal((await app.inject({ method: 'GET', url: `/api/v1/facilities/${ids.facilityA}/members`, headers })).statusCode, 200);
      assertProblem(await app.inject({ method: 'GET', url: `/api/v1/facilities/${ids.facilityB}/members`, headers }), 403, 'forbidden');
      assertProblem(await app.inject({ method: 'POST', url: `/api/v1/facilities/${ids.facilityA}/clients`, headers, payload: { label: 'more' } }), 403, 'forbidden');
    });

    test('the client list never shows secrets', async () => {
      const { cookie } = await signIn('admin-a');
      const list = await app.inject({ method: 'GET', url: `/api/v1/facilities/${ids.facilityA}/clients`, headers: { cookie } });
      assert.equal(list.statusCode, 200);
      assert.ok(!list.body.includes(clientA.secret));
      assert.ok(list.json().some((c: { id: string; revoked: boolean }) => c.id === clientA.id && !c.revoked));
    });

    test('anonymous, malformed or unknown bearer tokens are 401 with a Bearer challenge', async () => {
      const url = `/api/v1/facilities/${ids.facilityA}/members`;
      assertProblem(await app.inject({ method: 'GET', url }), 401, 'not-authenticated');
      for (const authorization of ['Bearer', 'Bearer x', `Bearer ${'A'.repeat(43)}`, 'Basic Zm9vOmJhcg==']) {
        const response = await app.inject({ method: 'GET', url, headers: { authorization } });
        assertProblem(response, 401, 'not-authenticated');
        assert.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"');
      }
      assertProblem(await app.inject({ method: 'GET', url: '/api/v1/facilities/not-a-uuid/members' }), 400, 'invalid-input');
    });

    test("a revoked client's tokens and secret stop working at once; only its own facility's admin may revoke it", async () => {
      const { cookie, csrf } = await signIn('admin-a');
      const created = (await app.inject({ method: 'POST', url: `/api/v1/facilities/${ids.facilityA}/clients`, headers: { cookie, 'x-csrf-token': csrf }, payload: { label: 'old HIS' } })).json();
      const bearer = await token(created.id, created.secret);
      const url = `/api/v1/facilities/${ids.facilityA}/clients/${created.id}`;
      const staff = await signIn('staff-b');
      assertProblem(await app.inject({ method: 'DELETE', url, headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf } }), 403, 'forbidden');
      assertProblem(await app.inject({ method: 'DELETE', url: `/api/v1/facilities/${ids.facilityB}/clients/${created.id}`, headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf } }), 403, 'forbidden');
      assertProblem(await app.inject({ method: 'DELETE', url, headers: { cookie } }), 403, 'csrf-token');
      assert.equal((await app.inject({ method: 'DELETE', url, headers: { cookie, 'x-csrf-token': csrf } })).statusCode, 204);
      assertProblem(await app.inject({ method: 'DELETE', url, headers: { cookie, 'x-csrf-token': csrf } }), 404, 'not-found');
      assertProblem(await app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${bearer}` } }), 401, 'not-authenticated');
      const again = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: created.id, client_secret: created.secret } });
      assertProblem(again, 401, 'oauth-invalid-client');
    });

    test("a facility admin reads the facility's own audit events; staff of another clinic cannot", async () => {
      const { cookie } = await signIn('admin-a');
      const response = await app.inject({ method: 'GET', url: `/api/v1/facilities/${ids.facilityA}/audit?limit=500`, headers: { cookie } });
      assert.equal(response.statusCode, 200, response.body);
      const events: { seq: number; action: string; facilityId: string }[] = response.json().events;
      assert.ok(events.some((e) => e.action === 'oauth.client_created'));
      assert.ok(events.every((e) => e.facilityId === ids.facilityA));
      const page = await app.inject({ method: 'GET', url: `/api/v1/facilities/${ids.facilityA}/audit?afterSeq=${events[0]!.seq}&limit=1`, headers: { cookie } });
      assert.deepEqual(page.json().events.map((e: { seq: number }) => e.seq), [events[1]?.seq].filter(Boolean));
      assertProblem(await app.inject({ method: 'GET', url: `/api/v1/facilities/${ids.facilityA}/audit?limit=0`, headers: { cookie } }), 400, 'invalid-input');
      const staff = await signIn('staff-b');
      assertProblem(await app.inject({ method: 'GET', url: `/api/v1/facilities/${ids.facilityA}/audit`, headers: { cookie: staff.cookie } }), 403, 'forbidden');
      assertProblem(await app.inject({ method: 'GET', url: `/api/v1/facilities/${ids.facilityB}/audit`, headers: { cookie: staff.cookie } }), 403, 'forbidden');
    });

    describe('token endpoint', () => {
      const form = (body: string, headers: Record<string, string> = {}) =>
        app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: body });

      test('a form body with HTTP Basic gets a Bearer token that is not cached', async () => {
        const basic = Buffer.from(`${clientA.id}:${encodeURIComponent(clientA.secret)}`).toString('base64');
        const response = await form('grant_type=client_credentials', { authorization: `Basic ${basic}` });
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json();
        assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
        assert.equal(body.token_type, 'Bearer');
        assert.equal(body.expires_in, 900);
        assert.equal(response.headers['cache-control'], 'no-store');
      });

      test('a JSON body with the client in the body works, and a narrower scope can be asked for', async () => {
        const response = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: clientA.id, client_secret: clientA.secret, scope: 'certificates:read' } });
        assert.equal(response.statusCode, 200);
        assert.equal(response.json().scope, 'certificates:read');
      });

      test('a wrong secret or unknown client is invalid_client (401), with a Basic challenge when Basic was used', async () => {
        const wrong = await form(`grant_type=client_credentials&client_id=${clientA.id}&client_secret=nope`);
        assert.equal(assertProblem(wrong, 401, 'oauth-invalid-client').error, 'invalid_client');
        const unknown = await form(`grant_type=client_credentials&client_id=00000000-0000-4000-8000-000000000000&client_secret=${clientA.secret}`);
        assert.equal(assertProblem(unknown, 401, 'oauth-invalid-client').detail, wrong.json().detail);
        const basic = await form('grant_type=client_credentials', { authorization: `Basic ${Buffer.from(`${clientA.id}:bad`).toString('base64')}` });
        assertProblem(basic, 401, 'oauth-invalid-client');
        assert.equal(basic.headers['www-authenticate'], 'Basic realm="medcert"');
        assertProblem(await form('grant_type=client_credentials'), 401, 'oauth-invalid-client');
      });

      test('a wrong or missing grant type is refused in RFC 6749 terms', async () => {
        const password = await form(`grant_type=password&client_id=${clientA.id}&client_secret=${clientA.secret}`);
        assert.equal(assertProblem(password, 400, 'oauth-unsupported-grant-type').error, 'unsupported_grant_type');
        assert.equal(assertProblem(await form(`client_id=${clientA.id}`), 400, 'oauth-invalid-request').error, 'invalid_request');
      });

      test('malformed requests are invalid_request or a 4xx problem, never a crash', async () => {
        assert.equal(assertProblem(await form(`grant_type=client_credentials&grant_type=client_credentials&client_id=${clientA.id}&client_secret=x`), 400, 'oauth-invalid-request').error, 'invalid_request');
        const both = await form(`grant_type=client_credentials&client_id=${clientA.id}&client_secret=x`, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
        assertProblem(both, 400, 'oauth-invalid-request');
        assertProblem(await form('grant_type=client_credentials', { authorization: 'Basic !!!' }), 400, 'oauth-invalid-request');
        assertProblem(await app.inject({ method: 'POST', url: '/oauth/token', payload: ['grant_type'] }), 400, 'oauth-invalid-request');
        assertProblem(await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 1 } }), 400, 'oauth-invalid-request');
        assertProblem(await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/json' }, payload: '{"grant_type":' }), 400, 'malformed-json');
        assertProblem(await form(`grant_type=client_credentials&client_secret=${'x'.repeat(10_000)}`), 413, 'payload-too-large');
        const scope = await form(`grant_type=client_credentials&client_id=${clientA.id}&client_secret=${clientA.secret}&scope=admin`);
        assert.equal(assertProblem(scope, 400, 'oauth-invalid-scope').error, 'invalid_scope');
      });

      test('an expired token is refused', async () => {
        const bearer = await token(clientA.id, clientA.secret);
        clock = new Date(clock.getTime() + 901_000);
        assertProblem(await app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${bearer}` } }), 401, 'not-authenticated');
      });
    });
  });

  test('/openapi.json documents the accounts routes, the token endpoint with both body types', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of ['/auth/login', '/auth/logout', '/auth/me', '/oauth/token', '/api/v1/facilities/{id}/members', '/api/v1/facilities/{id}/clients', '/api/v1/facilities/{id}/clients/{clientId}']) assert.ok(spec.paths[path], path);
    assert.deepEqual(Object.keys(spec.paths['/oauth/token'].post.requestBody.content).sort(), ['application/json', 'application/x-www-form-urlencoded']);
  });

  test('the audit log records logins, failures, client creation and token grants, without usernames, and stays intact', async () => {
    await ctx.audit.flush();
    const events = await database.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    const actions = new Set(events.map((e) => e.action));
    for (const action of ['account.user_created', 'auth.login', 'auth.login_failed', 'auth.logout', 'oauth.client_created', 'oauth.client_revoked', 'oauth.token_granted', 'oauth.token_refused']) assert.ok(actions.has(action), action);
    const text = JSON.stringify(events);
    assert.ok(!text.includes('admin-a') && !text.includes('staff-b') && !text.includes('nobody-here'), 'no usernames in the audit log');
    assert.deepEqual((await ctx.audit.verifyChain()).intact, true);
  });
});

describe('accounts limits and production cookies', () => {
  let limited: FastifyInstance;
  let productionCtx: AppContext;
  before(async () => {
    database = await createTestDatabase();
    productionCtx = await contextWith({ production: true, limits: { login: { max: 3, timeWindow: 60_000 }, loginPerAccount: { max: 4, timeWindow: 60_000 }, token: { max: 2, timeWindow: 60_000 } } });
    // Behind the platform's reverse proxy (inject's connections come from 127.0.0.1), which names the client.
    limited = await buildApp({ ...productionCtx, config: { ...productionCtx.config, trustProxy: ['127.0.0.1'] } }, { logger: false });
  });
  after(async () => {
    await limited.close();
    await database.close();
  });

  test('in production the session and CSRF cookies are Secure', async () => {
    const created = await productionCtx.accounts.createUser({ username: 'prod.user', password: 'production password' });
    const response = await limited.inject({ method: 'POST', url: '/auth/login', headers: { 'x-forwarded-for': '192.0.2.1' }, payload: { username: 'prod.user', password: 'production password' } });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().userId, created.id);
    assert.deepEqual(response.cookies.map((c) => [c.name, c.secure, c.sameSite]), [['medcert_session', true, 'Lax'], ['medcert_csrf', true, 'Lax']]);
  });

  test('the fourth login attempt in a minute from one address is 429', async () => {
    const attempt = () => limited.inject({ method: 'POST', url: '/auth/login', payload: { username: 'someone', password: 'guess guess guess' } });
    for (let i = 0; i < 3; i++) assert.equal((await attempt()).statusCode, 401);
    assertProblem(await attempt(), 429, 'rate-limited');
  });

  test('attempts on one account are limited even from ever-changing addresses', async () => {
    const attempt = (i: number) =>
      limited.inject({ method: 'POST', url: '/auth/login', headers: { 'x-forwarded-for': `198.51.100.${i}` }, payload: { username: 'Target.User', password: 'guess guess guess' } });
    for (let i = 0; i < 4; i++) assert.equal((await attempt(i)).statusCode, 401);
    assertProblem(await attempt(9), 429, 'rate-limited');
    assert.equal((await limited.inject({ method: 'POST', url: '/auth/login', headers: { 'x-forwarded-for': '198.51.100.77' }, payload: { username: 'other.user', password: 'guess guess guess' } })).statusCode, 401);
  });

  test('the token endpoint is rate limited too', async () => {
    const attempt = () => limited.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials' } });
    for (let i = 0; i < 2; i++) assert.equal((await attempt()).statusCode, 401);
    assertProblem(await attempt(), 429, 'rate-limited');
  });
});
