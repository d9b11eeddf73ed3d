import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { seedDemo, type DemoSeed } from '../demo/seed';
import { buildApp } from '../server/app';
import { createAppContext, type AppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';

interface Platform {
  dir: string;
  database: DatabaseHandle;
  ctx: AppContext;
  demo: DemoSeed;
}

async function platform(): Promise<Platform> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-verify-'));
  const database = await createTestDatabase();
  const ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dir }), database);
  return { dir, database, ctx, demo: await seedDemo(ctx) };
}

let home: Platform;
let foreign: Platform;
let app: FastifyInstance;

before(async () => {
  [home, foreign] = await Promise.all([platform(), platform()]);
  app = await buildApp(home.ctx, { logger: false });
});
after(async () => {
  await app.close();
  for (const p of [home, foreign]) {
    await p.database.close();
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

async function issue(p: Platform, type = 'sick-leave', extra: { supersedes?: string } = {}): Promise<{ id: string; pdf: Uint8Array; qr: string }> {
  const { patient, data } = p.ctx.types.get(type).example;
  const { id } = await p.ctx.certificates.issuance.accept({ type, data, patient, facilityId: p.demo.facilityId, practitionerId: p.demo.practitionerId, level: 'B-T', ...extra }, { source: 'cli', actor: 'cli', signNow: true });
  const row = await p.database.db.selectFrom('certificates').select('qr_payload').where('id', '=', id).executeTakeFirstOrThrow();
  return { id, pdf: await p.ctx.certificates.queries.pdf(id, 'all'), qr: row.qr_payload! };
}

async function verifyPdf(pdf: Uint8Array) {
  const response = await app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/pdf' }, payload: Buffer.from(pdf) });
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

async function verifyQr(payload: string) {
  const response = await app.inject({ method: 'POST', url: '/api/v1/verify/qr', payload: { payload } });
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

describe('POST /api/v1/verify and /verify/qr', () => {
  test('a genuine certificate is valid, with its document, issuers and licences at issuance', async () => {
    const { id, pdf, qr } = await issue(home);
    const verdict = await verifyPdf(pdf);
    assert.equal(verdict.valid, true, verdict.reasons.join());
    assert.equal(verdict.document.id, id);
    assert.deepEqual(verdict.document.typeName, home.ctx.types.get('sick-leave').names, 'the type is named, not only identified');
    assert.equal(verdict.document.practitioner.licenceStatusAtIssuance, 'active');
    assert.equal(verdict.signatures.length, 2);
    assert.ok(verdict.signatures.every((s: { integrity: boolean; chainTrusted: boolean }) => s.integrity && s.chainTrusted));
    const byQr = await verifyQr(qr);
    assert.equal(byQr.valid, true, byQr.reasons.join());
    assert.equal(byQr.document.id, id);
    assert.equal(byQr.document.typeName.en, home.ctx.types.get('sick-leave').names.en);
  });

  test('a tampered PDF is not genuine and names no document', async () => {
    const { pdf } = await issue(home);
    const tampered = Buffer.from(pdf);
    tampered[Math.floor(tampered.length / 3)]! ^= 0x01;
    const verdict = await verifyPdf(tampered);
    assert.equal(verdict.valid, false);
    assert.equal(verdict.document, null);
    assert.ok(verdict.reasons.length > 0);
  });

  test('a revoked certificate says so, with reason and date', async () => {
    const { id, pdf, qr } = await issue(home);
    await home.ctx.certificates.revocation.revoke(id, 'any', 'issued in error', 'cli');
    for (const verdict of [await verifyPdf(pdf), await verifyQr(qr)]) {
      assert.equal(verdict.valid, false);
      assert.deepEqual(verdict.reasons, ['document.revoked']);
      assert.equal(verdict.document.revocationReason, 'issued in error');
    }
  });

  test('a superseded certificate points to its correction', async () => {
    const original = await issue(home);
    const correction = await issue(home, 'sick-leave', { supersedes: original.id });
    const verdict = await verifyPdf(original.pdf);
    assert.deepEqual(verdict.reasons, ['document.superseded']);
    assert.equal(verdict.document.supersededBy, correction.id);
    assert.equal((await verifyPdf(correction.pdf)).valid, true);
  });

  test("a copy cut back to the practitioner's revision (the facility seal removed) is not the issued file", async () => {
    const { pdf } = await issue(home);
    const text = Buffer.from(pdf).toString('latin1');
    const practitionerRevisionEnd = text.lastIndexOf('%%EOF', text.lastIndexOf('%%EOF') - 1) + '%%EOF\n'.length;
    const answer = await verifyPdf(pdf.subarray(0, practitionerRevisionEnd));
    assert.equal(answer.valid, false);
    assert.deepEqual(answer.reasons, ['document.not-the-issued-file']);
    assert.deepEqual(answer.signatures.map((s: { role: string }) => s.role), ['practitioner']);
  });

  test('bytes after the last %%EOF (a cut-off or smuggled update) are a disallowed modification', async () => {
    const { pdf } = await issue(home);
    const text = Buffer.from(pdf).toString('latin1');
    const cut = pdf.subarray(0, text.lastIndexOf('%%EOF', text.lastIndexOf('%%EOF') - 1) + 300);
    const answer = await verifyPdf(cut);
    assert.equal(answer.valid, false);
    assert.ok(answer.reasons.includes('pdf.modified-after-signature'), answer.reasons.join());
    const appended = await verifyPdf(Buffer.concat([pdf, Buffer.from('\n1 0 obj (smuggled) endobj\n')]));
    assert.deepEqual(appended.reasons, ['pdf.modified-after-signature']);
  });

  test('a certificate from an issuer outside the trust list is refused', async () => {
    const { pdf, qr } = await issue(foreign);
    const verdict = await verifyPdf(pdf);
    assert.equal(verdict.valid, false);
    assert.ok(verdict.reasons.includes('signature.chain-untrusted'), verdict.reasons.join());
    assert.deepEqual((await verifyQr(qr)).reasons, ['qr.untrusted-key']);
  });

  test('a QR batch answers each payload in its place: genuine, revoked, unreadable, from an untrusted issuer', async () => {
    const genuine = await issue(home);
    const revoked = await issue(home);
    await home.ctx.certificates.revocation.revoke(revoked.id, 'any', 'issued in error', 'cli');
    const untrusted = await issue(foreign);
    const response = await app.inject({ method: 'POST', url: '/api/v1/verify/qr/batch', payload: { payloads: [genuine.qr, revoked.qr, 'MC1:not-a-payload', untrusted.qr, genuine.qr] } });
    assert.equal(response.statusCode, 200, response.body);
    const { results } = response.json();
    assert.deepEqual(
      results.map((r: { valid: boolean; reasons: string[] }) => [r.valid, r.reasons]),
      [[true, []], [false, ['document.revoked']], [false, ['qr.invalid']], [false, ['qr.untrusted-key']], [true, []]],
    );
    assert.equal(results[0].document.id, genuine.id);
    assert.equal(results[1].document.revocationReason, 'issued in error');

    for (const payloads of [[], Array.from({ length: 101 }, () => genuine.qr)]) {
      const refused = await app.inject({ method: 'POST', url: '/api/v1/verify/qr/batch', payload: { payloads } });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
  });

  test('a practitioner suspended later stays valid at issuance; a suspension effective before issuance does not', async () => {
    const { pdf } = await issue(home);
    await home.ctx.registry.appendLicenceStatus('practitioner', home.demo.practitionerId, { status: 'suspended', effectiveFrom: new Date(Date.now() + 1000), note: 'disciplinary' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await verifyPdf(pdf);
    assert.equal(later.valid, true, later.reasons.join());
    assert.equal(later.document.practitioner.licenceStatusAtIssuance, 'active');
    assert.equal(later.document.practitioner.licenceStatusNow, 'suspended');

    await home.ctx.registry.appendLicenceStatus('practitioner', home.demo.practitionerId, { status: 'suspended', effectiveFrom: new Date('2026-01-01T00:00:00Z'), note: 'backdated suspension' });
    const backdated = await verifyPdf(pdf);
    assert.equal(backdated.valid, false);
    assert.ok(backdated.reasons.includes('practitioner.licence-not-active-at-issuance'));
  });

  test('bad uploads get problem+json, never a 500', async () => {
    const notPdf = await app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/pdf' }, payload: Buffer.from('hello') });
    assert.equal(notPdf.statusCode, 400);
    assert.equal(notPdf.headers['content-type'], 'application/problem+json; charset=utf-8');
    const broken = await app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/pdf' }, payload: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF') });
    assert.equal(broken.statusCode, 200);
    assert.deepEqual(broken.json().reasons, ['pdf.malformed']);
    const huge = await app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/pdf' }, payload: Buffer.alloc(11 * 1024 * 1024, 0x25) });
    assert.equal(huge.statusCode, 413);
    const badQr = await app.inject({ method: 'POST', url: '/api/v1/verify/qr', payload: { payload: 'MC1:not base45!!' } });
    assert.deepEqual(badQr.json().reasons, ['qr.invalid']);
    const extra = await app.inject({ method: 'POST', url: '/api/v1/verify/qr', payload: { payload: 'MC1:AAAA', more: 1 } });
    assert.equal(extra.statusCode, 400);
  });

  test('the trust list is signed, lists the e-seal key by kid, and answers 304 to its ETag', async () => {
    const response = await app.inject({ method: 'GET', url: '/trust-list.json' });
    const list = response.json();
    assert.ok(list.sealKeys.some((key: { facilityId: string }) => key.facilityId === home.demo.facilityId));
    assert.match(list.signature, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const again = await app.inject({ method: 'GET', url: '/trust-list.json', headers: { 'if-none-match': String(response.headers.etag) } });
    assert.equal(again.statusCode, 304);
  });
});
