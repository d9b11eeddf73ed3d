import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadCertificateTypes } from '../../certificates/types/catalog';
import { requireTool } from '../../test-support/tools';
import { createCertificateRenderer, type RenderCertificateInput } from './render-certificate';
import { createThreadedRenderer, RenderThreadError } from './render-threads';

const types = loadCertificateTypes();
const sickLeave = types.get('sick-leave');

function input(documentId: string, type = sickLeave): RenderCertificateInput {
  return {
    type,
    documentId,
    issuedAt: new Date('2026-12-01T03:00:00Z'),
    data: type.example.data,
    facility: { id: 'f0000000-0000-4000-8000-000000000001', licenceNumber: '10001', nameTh: 'โรงพยาบาลตัวอย่าง', nameEn: 'Example Hospital', address: '1 ถนนพระราม 6 กรุงเทพฯ' },
    practitioner: { licenceNumber: 'ว.12345', profession: 'physician', nameTh: 'นพ. สมชาย ใจดี', nameEn: 'Dr Somchai Jaidee' },
    patient: { nameTh: 'น้ำฝน ตั้งใจดี', nameEn: 'Namfon Tangjaidee', maskedId: 'X-XXXX-XXXXX-45-0', birthDate: '1990-01-01' },
    qrPayload: 'MC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDE',
    verifyUrl: 'https://medcert.example/verify',
  };
}

function pdftotext(pdf: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-threads-'));
  try {
    fs.writeFileSync(path.join(dir, 'c.pdf'), pdf);
    return spawnSync('pdftotext', [path.join(dir, 'c.pdf'), '-'], { encoding: 'utf8' }).stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const threaded = createThreadedRenderer(2);

test('a certificate rendered on a thread reads as the one rendered on the event loop, and several renders share two threads', async (t) => {
  if (!requireTool(t, 'pdftotext')) return;
  const ids = Array.from({ length: 6 }, (_, i) => `6f1c1a3e-4a8e-4d39-9d59-0c1f2b3a4d5${i}`);
  const pdfs = await Promise.all(ids.map((id) => threaded(input(id))));
  const inProcess = await createCertificateRenderer()(input(ids[0]!));
  assert.equal(pdftotext(pdfs[0]!), pdftotext(inProcess));
  pdfs.forEach((pdf, i) => {
    assert.ok(pdf instanceof Uint8Array);
    const text = pdftotext(pdf);
    assert.ok(text.includes(ids[i]!), `render ${i} carries its own document id`);
    assert.ok(text.includes('น้ำฝน ตั้งใจดี'));
  });
});

test('a template Typst refuses fails its render with Typst’s reason, and the threads go on', async () => {
  const broken = { ...sickLeave, template: '#let x = (' };
  await assert.rejects(threaded(input('6f1c1a3e-4a8e-4d39-9d59-0c1f2b3a4d60', broken)), (error) => error instanceof RenderThreadError && /Rendering failed/.test(error.message));
  const pdf = await threaded(input('6f1c1a3e-4a8e-4d39-9d59-0c1f2b3a4d61'));
  assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
});

test('input that cannot be handed to a thread is refused without losing the thread', async () => {
  const uncopyable = { ...input('6f1c1a3e-4a8e-4d39-9d59-0c1f2b3a4d62'), data: { note: () => 'a function' } };
  await assert.rejects(threaded(uncopyable), (error) => error instanceof RenderThreadError && /could not be handed/.test(error.message));
  const pdf = await threaded(input('6f1c1a3e-4a8e-4d39-9d59-0c1f2b3a4d63'));
  assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
});
