import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../accounts/accounts';
import type { Caller } from '../accounts/caller';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { buildApp } from '../server/app';
import { createAppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { createSelfSignedDsc } from './document-signer';
import { uvciDigest } from './routes';
import { samplePayloads } from './sample-payloads';
import { createDccService } from './service';

const clientToken = 'client-token-0123456789abcdef';
const unscopedToken = 'unscoped-token-0123456789abcdef';
const client: Caller = {
  kind: 'client',
  id: 'his-1',
  actor: 'client:his-1',
  platformRole: 'none' as Caller['platformRole'],
  practitionerId: null,
  citizenSubjectKey: null,
  province: null,
  facilities: [{ facilityId: '00000000-0000-4000-8000-000000000001', role: 'client' }],
  scopes: ['certificates:write'],
  via: 'bearer',
};

let database: DatabaseHandle;
let app: FastifyInstance;
const { signer } = await createSelfSignedDsc();
const other = await createSelfSignedDsc();

before(async () => {
  database = await createTestDatabase();
  const base = await createAppContext({ ...loadConfig({}), dataDir: mkdtempSync(join(tmpdir(), 'dcc-routes-')), kek: 'test-kek' }, database);
  // Authentication is the accounts domain's; here a token maps straight to a caller.
  const accounts = {
    ...base.accounts,
    callerForAccessToken: async (token: string) => (token === clientToken ? client : token === unscopedToken ? { ...client, scopes: [] } : null),
  } as Accounts;
  const dcc = createDccService({ signer: async () => signer, ownCertificates: async () => [signer.dsc] });
  app = await buildApp({ ...base, accounts, dcc }, { logger: false });
});

after(async () => {
  await app?.close();
  await database?.close();
});

async function issue(token: string, payload: unknown) {
  return app.inject({ method: 'POST', url: '/api/v1/dcc', headers: { authorization: `Bearer ${token}` }, payload: payload as object });
}

test('an authenticated facility client issues a DCC, which the public verify route accepts, and the issuance is audited', async () => {
  const issued = await issue(clientToken, samplePayloads.t);
  assert.equal(issued.statusCode, 201, issued.body);
  const { hc1, kid, uvci } = issued.json();
  assert.match(hc1, /^HC1:/);
  assert.equal(kid, Buffer.from(signer.dsc.kid).toString('base64'));

  const verified = await app.inject({ method: 'POST', url: '/api/v1/dcc/verify', payload: { hc1 } });
  assert.equal(verified.statusCode, 200);
  const body = verified.json();
  assert.deepEqual(Object.keys(body), ['valid', 'stages', 'payload']);
  assert.equal(body.valid, true);
  assert.equal(body.payload.t[0].ci, uvci);

  const events = await database.db.selectFrom('audit_events').selectAll().where('action', '=', 'dcc.issued').execute();
  assert.equal(events.length, 1);
  assert.equal(events[0]!.target_id, uvciDigest(uvci));
});

test('verify with another DSC, or at a later clock, reports the failing stage', async () => {
  const { hc1 } = (await issue(clientToken, samplePayloads.t)).json();
  const foreign = await app.inject({ method: 'POST', url: '/api/v1/dcc/verify', payload: { hc1, dsc: other.certificatePem } });
  assert.equal(foreign.json().stages.verify, false);
  const late = await app.inject({ method: 'POST', url: '/api/v1/dcc/verify', payload: { hc1, at: '2099-01-01T00:00:00Z' } });
  assert.equal(late.json().stages.expiration, false);
  assert.equal(late.json().valid, false);
});

test('a garbled HC1 is a negative verdict, not an error; a malformed request or DSC is a 400 problem', async () => {
  const garbled = await app.inject({ method: 'POST', url: '/api/v1/dcc/verify', payload: { hc1: 'HC1:%%%' } });
  assert.equal(garbled.statusCode, 200);
  assert.equal(garbled.json().stages.b45decode, false);
  for (const payload of [{}, { hc1: 5 }, { hc1: 'HC1:', at: 'yesterday' }, { hc1: 'HC1:', dsc: 'not a certificate' }]) {
    const response = await app.inject({ method: 'POST', url: '/api/v1/dcc/verify', payload });
    assert.equal(response.statusCode, 400, JSON.stringify(payload));
    assert.match(String(response.headers['content-type']), /application\/problem\+json/);
  }
});

test('issuing needs a bearer token with certificates:write, and a valid payload', async () => {
  assert.equal((await app.inject({ method: 'POST', url: '/api/v1/dcc', payload: samplePayloads.v })).statusCode, 401);
  assert.equal((await issue(unscopedToken, samplePayloads.v)).statusCode, 403);
  const invalid = await issue(clientToken, { ...samplePayloads.v, dob: 'not a date' });
  assert.equal(invalid.statusCode, 400);
  assert.doesNotMatch(invalid.body, /not a date|SOMCHAI/);
});
