/**
 * `npm run bench -- issue-stages [--n N] [--stage NAME]`: the CPU time one process spends per certificate in each
 * stage of issuance (QR payload, QR image, Typst render with text-layer repair, practitioner signature,
 * facility seal at B-LT, time-stamp token, the whole issuance with its database work), measured with
 * process.cpuUsage so other load on the machine does not count. PGlite in memory by default, a scratch
 * database on the DATABASE_URL server otherwise. `--stage NAME` measures one stage (to profile it with --cpu-prof).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { parseOptions } from '../src/cli/options';
import { loadConfig } from '../src/config';
import { openDatabase, type DatabaseHandle } from '../src/db/database';
import { seedDemo } from '../src/demo/seed';
import { createAppContext } from '../src/server/context';
import { createTestDatabase } from '../src/test-support/database';
import { encodeMc1 } from '../src/certificates/qr-payload';
import { maskedIdentifier } from '../src/certificates/producer';
import type { Patient } from '../src/certificates/ports';
import { qrCodeImage } from '../src/pdf/render/qr-image';
import { createCertificateRenderer } from '../src/pdf/render/render-certificate';
import { signPdf } from '../src/pdf/pades/sign';

/** CPU milliseconds (user + system) per call of `action`, over n calls after a warm-up. */
async function cpuMsPerOp(n: number, action: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(20, n); i++) await action();
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) await action();
  const used = process.cpuUsage(start);
  return Number(((used.user + used.system) / 1000 / n).toFixed(3));
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { n: { type: 'string', default: '100' }, stage: { type: 'string' } });
  const n = Number(values.n);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-bench-stages-'));
  const database = await openScratchDatabase();
  const ctx = await createAppContext(loadConfig({ ...process.env, MEDCERT_DATA_DIR: dataDir }), database);
  const demo = await seedDemo(ctx);
  const type = ctx.types.get('sick-leave');
  const patient = type.example.patient as unknown as Patient;
  const [facility, practitioner] = await Promise.all([ctx.registry.getFacility(demo.facilityId), ctx.registry.getPractitioner(demo.practitionerId)]);
  const seal = await ctx.pki.identityForFacility({ id: facility.id, nameTh: facility.nameTh, nameEn: facility.nameEn, licenceNumber: facility.licenceNumber });
  const signer = await ctx.pki.identityForPractitioner({ id: practitioner.id, nameTh: practitioner.nameTh, nameEn: practitioner.nameEn, licenceNumber: practitioner.licenceNumber, organization: facility.nameEn });
  const maskedId = maskedIdentifier(patient);
  const issuedAt = new Date();
  const claims = { id: '6f1c1a3e-4a8e-4d39-9d59-0c1f2b3a4d5e', type: type.id, iat: Math.floor(issuedAt.getTime() / 1000), facility: facility.id, practitionerLicence: practitioner.licenceNumber, name: patient.nameEn, maskedId };
  const qrPayload = await encodeMc1(claims, seal);
  const render = createCertificateRenderer();
  const renderInput = {
    type,
    documentId: claims.id,
    issuedAt,
    data: type.example.data,
    facility: { id: facility.id, licenceNumber: facility.licenceNumber, nameTh: facility.nameTh, nameEn: facility.nameEn, address: facility.address },
    practitioner: { licenceNumber: practitioner.licenceNumber, profession: practitioner.profession, nameTh: practitioner.nameTh, nameEn: practitioner.nameEn },
    patient: { nameTh: patient.nameTh, nameEn: patient.nameEn, maskedId, birthDate: patient.birthDate },
    qrPayload,
    verifyUrl: 'http://127.0.0.1:8080/verify',
  };
  const rendered = await render(renderInput);
  const signed = await signPdf(rendered, { identity: signer, level: 'B-B', certify: true, signingTime: issuedAt });
  const sealOptions = { identity: seal, level: 'B-LT' as const, earlierSigners: [signer], timestampAuthority: ctx.pki.tsa, revocationSource: ctx.pki.revocation };
  const digest = createHash('sha256').update(signed).digest();
  const request = { type: type.id, data: type.example.data, patient, facilityId: facility.id, practitionerId: practitioner.id, level: 'B-LT' as const };

  const stages: Record<string, () => unknown> = {
    'qr-payload': () => encodeMc1(claims, seal),
    'qr-image': () => qrCodeImage(qrPayload, 'M'),
    // A new document id each time: Typst memoises, and a repeated input would only measure its cache.
    render: () => render({ ...renderInput, documentId: randomUUID() }),
    'sign-practitioner-B-B': () => signPdf(rendered, { identity: signer, level: 'B-B', certify: true, signingTime: issuedAt }),
    'seal-B-LT': () => signPdf(signed, sealOptions),
    'timestamp-token': () => ctx.pki.tsa.timestamp(digest),
    'issue-whole': () => ctx.certificates.issuance.accept(request, { source: 'his', actor: 'bench', signNow: true }),
  };
  for (const [stage, action] of Object.entries(stages).filter(([stage]) => !values.stage || values.stage === stage)) {
    console.log(JSON.stringify({ bench: 'issue-stages', case: stage, n, concurrency: 1, opsPerSec: null, p50Ms: null, p99Ms: null, cpuMsPerOp: await cpuMsPerOp(n, action), engine: database.engine }));
  }
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function openScratchDatabase(): Promise<DatabaseHandle> {
  if (!process.env.DATABASE_URL) return openDatabase({ memory: true });
  process.env.MEDCERT_TEST_DATABASE_URL = process.env.DATABASE_URL;
  const database = await createTestDatabase();
  delete process.env.DATABASE_URL;
  return database;
}
