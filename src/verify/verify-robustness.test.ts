import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { seedDemo } from '../demo/seed';
import { typstPdf } from '../pdf/pades/fixtures/sample-pdfs';
import { buildApp } from '../server/app';
import { createAppContext, type AppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { createVerifiers, timeoutReason } from './verifiers';

let dir: string;
let database: DatabaseHandle;
let ctx: AppContext;
let app: FastifyInstance;
let certificate: Uint8Array;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-robust-'));
  database = await createTestDatabase();
  ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dir }), database);
  const demo = await seedDemo(ctx);
  app = await buildApp(ctx, { logger: false });
  const { patient, data } = ctx.types.get('sick-leave').example;
  const { id } = await ctx.certificates.issuance.accept({ type: 'sick-leave', data, patient, facilityId: demo.facilityId, practitionerId: demo.practitionerId, level: 'B-T' }, { source: 'cli', actor: 'cli', signNow: true });
  certificate = await ctx.certificates.queries.pdf(id, 'all');
});
after(async () => {
  await app.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const upload = (target: FastifyInstance, pdf: Uint8Array) => target.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/pdf' }, payload: Buffer.from(pdf) });

function multipart(pdf: Uint8Array): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----medcert-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    Buffer.from(pdf),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** `offset`, or the first byte after it when it lies in a signature's /Contents (which no signature covers). */
function signedOffset(pdf: Uint8Array, offset: number): number {
  const text = Buffer.from(pdf).toString('latin1');
  for (const match of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const [gapStart, gapEnd] = [Number(match[1]) + Number(match[2]), Number(match[3])];
    if (offset >= gapStart - 64 && offset < gapEnd) return gapEnd;
  }
  return offset;
}

function assertProblem(response: LightMyRequestResponse, status: number, type: string): void {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  assert.equal(response.json().type, `https://medcert.dev/problems/${type}`);
}

describe('verify API robustness', () => {
  test('a PDF of more than 20 pages is refused with a too-many-pages problem, raw or multipart', async () => {
    const long = typstPdf(Array.from({ length: 25 }, (_, i) => `Page ${i + 1}`).join('\n#pagebreak()\n'));
    assertProblem(await upload(app, long), 413, 'too-many-pages');
    assertProblem(await app.inject({ method: 'POST', url: '/api/v1/verify', ...multipart(long) }), 413, 'too-many-pages');
  });

  test('a file that is not a PDF is a 400 problem; an oversized one a 413', async () => {
    assertProblem(await upload(app, new TextEncoder().encode('\x89PNG\r\n\x1a\n not a pdf')), 400, 'invalid-input');
    assertProblem(await app.inject({ method: 'POST', url: '/api/v1/verify', ...multipart(new Uint8Array(0)) }), 400, 'invalid-input');
    assertProblem(await upload(app, Buffer.alloc(10 * 1024 * 1024 + 1, 0x25)), 413, 'payload-too-large');
  });

  test('truncated and corrupted copies of a real certificate are answered, never with a 500', async () => {
    const genuine = await upload(app, certificate);
    assert.equal(genuine.json().valid, true, genuine.body);
    const copies: Uint8Array[] = [];
    for (let i = 1; i < 12; i++) copies.push(certificate.subarray(0, Math.floor((certificate.length * i) / 12)));
    for (let i = 1; i < 12; i++) {
      const corrupted = Buffer.from(certificate);
      const at = signedOffset(certificate, Math.floor((corrupted.length * i) / 12));
      for (let j = at; j < at + 64; j++) corrupted[j]! ^= 0x55;
      copies.push(corrupted);
    }
    copies.push(Buffer.concat([Buffer.from(certificate), Buffer.from('\nstartxref\n999999999\n%%EOF\n')]));
    for (const copy of copies) {
      const response = await upload(app, copy);
      assert.ok(response.statusCode < 500, `status ${response.statusCode}: ${response.body}`);
      if (response.statusCode === 200) assert.equal(response.json().valid, false, `copy ${copies.indexOf(copy)} of ${certificate.length} bytes`);
    }
  });

  test('a verification over its time budget is a 503 verification-timeout problem, and is recorded as such', async () => {
    const verifiers = createVerifiers({ ...ctx, verification: { pdf: () => new Promise(() => {}), qr: () => new Promise(() => {}) }, timeBudgetMs: 200 });
    const slow = await buildApp({ ...ctx, verifiers }, { logger: false });
    try {
      const started = performance.now();
      const response = await upload(slow, certificate);
      assertProblem(response, 503, 'verification-timeout');
      assert.ok(performance.now() - started < 5_000);
      await verifiers.flushLog();
      const row = await database.db.selectFrom('verifications').select(['valid', 'reasons', 'certificate_id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.deepEqual(row, { valid: false, reasons: [timeoutReason], certificate_id: null });
      assertProblem(await slow.inject({ method: 'POST', url: '/api/v1/verify/qr', payload: { payload: 'MC1:AAAA' } }), 503, 'verification-timeout');
    } finally {
      await slow.close();
    }
  });
});
