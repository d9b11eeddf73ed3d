/**
 * `medcert issue --type ID --data FILE.json --out FILE.pdf [--facility ID] [--practitioner ID] [--level L] --json`:
 * issues and signs one certificate, by default as the demo practitioner at the demo clinic.
 * FILE.json is `{"patient": {…}, "data": {…}}` (a type's example.json), or the data with a `patient` member.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { seedDemo } from '../demo/seed';
import { InvalidInputError, UsageError } from '../errors';
import type { CertificateRequest } from '../certificates/issuance';
import type { Patient } from '../certificates/ports';
import { padesLevels, type PadesLevel } from '../pdf/pades/sign';
import { withContext } from './open-context';
import { parseOptions, printJson } from './options';

const usage = 'Usage: medcert issue --type ID --data FILE.json --out FILE.pdf [--facility ID] [--practitioner ID] [--level B-B|B-T|B-LT|B-LTA] [--travel] [--json].';

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    type: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    facility: { type: 'string' },
    practitioner: { type: 'string' },
    level: { type: 'string' },
    travel: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (!values.type || !values.data || !values.out) throw new UsageError(usage);
  if (values.level && !(padesLevels as readonly string[]).includes(values.level)) throw new UsageError(`--level must be one of ${padesLevels.join(', ')}.`);
  const { patient, data } = parseRequestFile(await readFile(values.data, 'utf8').catch(() => Promise.reject(new InvalidInputError(`Cannot read ${values.data}.`))));

  const result = await withContext(async (ctx) => {
    const demo = values.facility && values.practitioner ? undefined : await seedDemo(ctx);
    const request: CertificateRequest = {
      type: values.type!,
      data,
      patient,
      facilityId: values.facility ?? demo!.facilityId,
      practitionerId: values.practitioner ?? demo!.practitionerId,
      level: values.level as PadesLevel | undefined,
      travel: values.travel,
    };
    const accepted = await ctx.certificates.issuance.accept(request, { source: 'cli', actor: 'cli', signNow: true });
    const certificate = await ctx.certificates.queries.get(accepted.id, 'all');
    await writeFile(values.out!, await ctx.certificates.queries.pdf(accepted.id, 'all'));
    return { id: certificate.id, type: certificate.type, status: certificate.status, sha256: certificate.sha256 };
  });
  if (values.json) printJson(result);
  else console.log(`Issued ${result.type} certificate ${result.id} (${result.status}) to ${values.out}.`);
  return 0;
}

function parseRequestFile(text: string): { patient: Patient; data: Record<string, unknown> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidInputError('The data file is not valid JSON.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidInputError('The data file must hold a JSON object.');
  const { patient, data, ...rest } = parsed as { patient?: unknown; data?: unknown };
  if (!patient || typeof patient !== 'object') throw new InvalidInputError('The data file needs a "patient" object (nameEn and a national ID, passport or work permit).');
  const fields = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : rest;
  return { patient: patient as Patient, data: fields };
}
