import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { seedDemo, type DemoSeed } from '../demo/seed';
import { nssTrustsSigners, opensslVerifiesAll, pdfsig, qpdfCheck } from '../pdf/pades/fixtures/independent-tools';
import { createAppContext, type AppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { certificatePem } from '../test-support/pki';
import { requireTool } from '../test-support/tools';
import { buildApp } from '../server/app';
import { freePort } from '../test-support/free-port';


// Rendered pages are kept as test artefacts (docs/certificates/ holds a reviewed copy).
const pictures = fileURLToPath(new URL('../../test-artifacts/certificates/', import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-types-'));
let database: DatabaseHandle;
let ctx: AppContext;
let demo: DemoSeed;
let rootPem: string;

let app: FastifyInstance;

// NSS (inside pdfsig) follows the certificates' OCSP and CRL links, so the PKI is served for real.
before(async () => {
  const port = await freePort();
  database = await createTestDatabase();
  ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dataDir, MEDCERT_PUBLIC_URL: `http://127.0.0.1:${port}` }), database);
  demo = await seedDemo(ctx);
  rootPem = certificatePem((await ctx.pki.trustAnchors())[0]!);
  app = await buildApp(ctx, { logger: false });
  await app.listen({ port, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function tool(command: string, args: string[], input?: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-tool-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    if (input) fs.writeFileSync(file, input);
    const result = spawnSync(command, args.map((a) => a.replace('{pdf}', file)), { encoding: 'utf8' });
    return `${result.stdout}${result.stderr}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('every certificate type issues a signed PDF that independent tools accept', async (t) => {
  for (const command of ['pdfsig', 'pdffonts', 'pdftotext', 'qpdf', 'openssl', 'certutil', 'vfychain', 'pdftoppm']) if (!requireTool(t, command)) return;
  assert.ok(ctx.types.ids().length >= 10);
  for (const id of ctx.types.ids()) {
    const { patient, data } = ctx.types.get(id).example;
    const accepted = await ctx.certificates.issuance.accept({ type: id, data, patient, facilityId: demo.facilityId, practitionerId: demo.practitionerId, level: 'B-LT' }, { source: 'cli', actor: 'cli', signNow: true });
    assert.equal(accepted.status, 'issued', id);
    const pdf = await ctx.certificates.queries.pdf(accepted.id, 'all');

    // pdfsig checks both signatures' integrity; its trust line is only reliable for the first (see
    // nssTrustsSigners), so NSS's vfychain gives the trust verdict for both signers.
    const signatures = await pdfsig(pdf, rootPem);
    assert.equal(signatures.length, 2, `${id}: practitioner signature and facility seal`);
    assert.ok(signatures.every((s) => s.valid && s.type === 'ETSI.CAdES.detached'), `${id}: pdfsig ${JSON.stringify(signatures)}`);
    assert.ok(signatures[0]!.trusted, `${id}: pdfsig trusts the practitioner's certificate`);
    assert.deepEqual(await nssTrustsSigners(pdf, rootPem), [true, true], `${id}: NSS trusts the practitioner and the facility e-seal`);
    assert.deepEqual(opensslVerifiesAll(pdf, rootPem), [true, true], `${id}: openssl cms`);
    assert.ok(qpdfCheck(pdf).ok, `${id}: qpdf --check`);
    assert.match(tool('pdffonts', ['{pdf}'], pdf), /[A-Z]{6}\+Sarabun-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes/, `${id}: Sarabun embedded as a subset`);
    const text = tool('pdftotext', ['{pdf}', '-'], pdf);
    assert.ok(text.includes(patient.nameEn), `${id}: the patient's name is in the text layer`);
    if (patient.nameTh) assert.ok(text.includes(patient.nameTh), `${id}: the patient's Thai name reads back exactly (stacked tone marks, sara am)`);
    assert.ok(text.includes(accepted.id), `${id}: the document id is printed`);
    assert.ok(!text.includes(patient.nationalId ?? '\u0000'), `${id}: the national ID is printed masked only`);

    const verdict = await ctx.verification.pdf(pdf);
    assert.equal(verdict.valid, true, `${id}: ${verdict.reasons.join(', ')}`);
    assert.equal(verdict.document?.id, accepted.id);

    fs.mkdirSync(pictures, { recursive: true });
    tool('pdftoppm', ['-r', '50', '-png', '-singlefile', '{pdf}', path.join(pictures, id)], pdf);
    assert.ok(fs.existsSync(path.join(pictures, `${id}.png`)));
  }
});
