import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import * as pkijs from 'pkijs';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { buildApp } from '../server/app';
import { createAppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { requireTool } from '../test-support/tools';
import { bufferSource } from './buffer-source';
import { createOcspRequest } from './ocsp-responder';
import type { PkiService } from './service';

let database: DatabaseHandle;
let app: FastifyInstance;
let pki: PkiService;
let dir: string;

before(async () => {
  database = await createTestDatabase();
  const ctx = await createAppContext(loadConfig({ MEDCERT_KEK: 'routes test KEK', MEDCERT_PUBLIC_URL: 'https://medcert.example' }), database);
  pki = ctx.pki;
  await pki.ensureInitialized();
  app = await buildApp(ctx, { logger: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-pki-routes-'));
});
after(async () => {
  await app.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const expectProblem = (response: { statusCode: number; headers: Record<string, unknown>; json(): { status: number; detail: string } }, status: number) => {
  assert.equal(response.statusCode, status);
  assert.match(String(response.headers['content-type']), /application\/problem\+json/);
  assert.equal(response.json().status, status);
};

describe('GET /pki/crl/{ca}.crl', () => {
  it('serves a DER CRL openssl reads', async (t) => {
    const response = await app.inject({ method: 'GET', url: '/pki/crl/issuing.crl' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pkix-crl');
    if (!requireTool(t, 'openssl')) return;
    const file = path.join(dir, 'issuing.crl');
    fs.writeFileSync(file, response.rawPayload);
    const text = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', file, '-noout', '-text'], { encoding: 'utf8' });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /Issuer: .*Issuing CA/);
  });

  it('answers 404 problem+json for an unknown CA or a wrong suffix', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/pki/crl/nobody.crl' }), 404);
    expectProblem(await app.inject({ method: 'GET', url: '/pki/crl/issuing.pem' }), 404);
    expectProblem(await app.inject({ method: 'GET', url: '/pki/crl/..%2Fissuing.crl' }), 404);
    expectProblem(await app.inject({ method: 'GET', url: '/pki/crl/a.b.crl' }), 404);
  });

  it('is in the OpenAPI document under its contract path', async () => {
    const paths = Object.keys((await app.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
    for (const path of ['/pki/crl/{ca}.crl', '/pki/ocsp', '/pki/tsa']) assert.ok(paths.includes(path), path);
  });
});

describe('GET /pki/ca/{ca}.cer', () => {
  it('serves the CA certificate that issued certificates point to', async () => {
    const response = await app.inject({ method: 'GET', url: '/pki/ca/issuing.cer' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pkix-cert');
    assert.deepEqual(new Uint8Array(response.rawPayload), await pki.caCertificate('issuing'));
  });
});

describe('POST /pki/ocsp', () => {
  it('answers a DER request with a signed OCSP response', async () => {
    const identity = await pki.identityForFacility({ id: 'f-1', nameEn: 'Route Clinic', nameTh: 'คลินิก', licenceNumber: '123' });
    const response = await app.inject({ method: 'POST', url: '/pki/ocsp', headers: { 'content-type': 'application/ocsp-request' }, payload: Buffer.from(await createOcspRequest(identity.certificate, identity.chain[0]!)) });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/ocsp-response');
    assert.equal(pkijs.OCSPResponse.fromBER(bufferSource(new Uint8Array(response.rawPayload))).responseStatus.valueBlock.valueDec, 0);
  });

  it('answers the GET form with the request base64 in the path', async () => {
    const identity = await pki.identityForFacility({ id: 'f-1', nameEn: 'Route Clinic', nameTh: 'คลินิก', licenceNumber: '123' });
    const encoded = encodeURIComponent(Buffer.from(await createOcspRequest(identity.certificate, identity.chain[0]!)).toString('base64'));
    const response = await app.inject({ method: 'GET', url: `/pki/ocsp/${encoded}` });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/ocsp-response');
    expectProblem(await app.inject({ method: 'GET', url: '/pki/ocsp/not*base64' }), 400);
    expectProblem(await app.inject({ method: 'GET', url: '/pki/ocsp/AAAA' }), 400);
  });

  it('answers 400 problem+json to garbage, an empty body or a wrong content type, never 500', async () => {
    expectProblem(await app.inject({ method: 'POST', url: '/pki/ocsp', headers: { 'content-type': 'application/ocsp-request' }, payload: Buffer.from('garbage') }), 400);
    expectProblem(await app.inject({ method: 'POST', url: '/pki/ocsp', headers: { 'content-type': 'application/ocsp-request' }, payload: Buffer.alloc(0) }), 400);
    const wrongType = await app.inject({ method: 'POST', url: '/pki/ocsp', headers: { 'content-type': 'text/plain' }, payload: 'x' });
    assert.ok(wrongType.statusCode >= 400 && wrongType.statusCode < 500);
    assert.match(String(wrongType.headers['content-type']), /application\/problem\+json/);
  });
});

describe('audit', () => {
  it('records chain creation, issuance and revocation by ids, serials and reason only', async () => {
    const identity = await pki.identityForFacility({ id: 'audited', nameEn: 'Audited Clinic', nameTh: 'คลินิก', licenceNumber: '777' });
    const serial = (await database.db.selectFrom('pki_certificates').select('serial').where('owner_id', '=', 'audited').executeTakeFirstOrThrow()).serial;
    await pki.revoke(serial, 'cessationOfOperation', 'user:operator-1');
    const events = await database.db.selectFrom('audit_events').select(['actor', 'action', 'details']).where('action', 'like', 'pki.%').orderBy('seq').execute();
    assert.ok(events.some((event) => event.action === 'pki.chain_created'));
    assert.ok(events.some((event) => event.action === 'pki.certificate_issued' && (event.details as { serial?: string }).serial === serial));
    const revoked = events.find((event) => event.action === 'pki.certificate_revoked');
    assert.deepEqual(revoked, { actor: 'user:operator-1', action: 'pki.certificate_revoked', details: { serial, reason: 'cessationOfOperation' } });
    assert.ok(!JSON.stringify(events).includes('Audited Clinic'));
    assert.ok(identity.certificate.length > 0);
  });
});

describe('POST /pki/tsa', () => {
  it('answers an openssl time-stamp query with a reply openssl verifies', async (t) => {
    if (!requireTool(t, 'openssl')) return;
    const data = path.join(dir, 'data.txt');
    fs.writeFileSync(data, 'certificate');
    const query = path.join(dir, 'query.tsq');
    assert.equal(spawnSync('openssl', ['ts', '-query', '-data', data, '-sha256', '-cert', '-out', query]).status, 0);
    const response = await app.inject({ method: 'POST', url: '/pki/tsa', headers: { 'content-type': 'application/timestamp-query' }, payload: fs.readFileSync(query) });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/timestamp-reply');
    const reply = path.join(dir, 'reply.tsr');
    fs.writeFileSync(reply, response.rawPayload);
    const [root, issuing] = [path.join(dir, 'root.der'), path.join(dir, 'issuing.pem')];
    fs.writeFileSync(root, await pki.caCertificate('root'));
    spawnSync('openssl', ['x509', '-inform', 'DER', '-in', root, '-out', path.join(dir, 'root.pem')]);
    fs.writeFileSync(path.join(dir, 'issuing.der'), await pki.caCertificate('issuing'));
    spawnSync('openssl', ['x509', '-inform', 'DER', '-in', path.join(dir, 'issuing.der'), '-out', issuing]);
    const verified = spawnSync('openssl', ['ts', '-verify', '-in', reply, '-queryfile', query, '-CAfile', path.join(dir, 'root.pem'), '-untrusted', issuing], { encoding: 'utf8' });
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  });

  it('answers 400 problem+json to a malformed query', async () => {
    expectProblem(await app.inject({ method: 'POST', url: '/pki/tsa', headers: { 'content-type': 'application/timestamp-query' }, payload: Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]) }), 400);
    expectProblem(await app.inject({ method: 'POST', url: '/pki/tsa', headers: { 'content-type': 'application/timestamp-query' }, payload: Buffer.alloc(0) }), 400);
  });
});
