/** `medcert pdf sign IN.pdf --out OUT.pdf [--level B-B|B-T|B-LT|B-LTA]`: signs any PDF as the demo practitioner (certification signature, DocMDP P=2). */
import { readFile, writeFile } from 'node:fs/promises';
import { demoPractitioner } from '../demo/seed';
import { InvalidInputError, UsageError } from '../errors';
import { padesLevels, signPdf, type PadesLevel } from '../pdf/pades/sign';
import { withContext } from './open-context';
import { parseOptions } from './options';

const usage = `Usage: medcert pdf sign IN.pdf --out OUT.pdf [--level ${padesLevels.join('|')}].`;

export async function run(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'sign') throw new UsageError(usage);
  const { values, positionals } = parseOptions(rest, { out: { type: 'string' }, level: { type: 'string', default: 'B-B' } }, true);
  if (positionals.length !== 1 || !values.out) throw new UsageError(usage);
  const level = values.level as PadesLevel;
  if (!padesLevels.includes(level)) throw new UsageError(`--level must be one of ${padesLevels.join(', ')}.`);
  const input = await readFile(positionals[0]!).catch(() => {
    throw new InvalidInputError(`Cannot read ${positionals[0]}.`);
  });
  const signed = await withContext(async (ctx) => {
    await ctx.pki.ensureInitialized();
    // The registered demo practitioner when `medcert demo` has run, else the same person by the demo constants.
    const [registered] = await ctx.registry.practitionersByLicence(demoPractitioner.licenceNumber);
    const practitioner = registered ?? { id: 'demo-practitioner', ...demoPractitioner };
    const identity = await ctx.pki.identityForPractitioner({ id: practitioner.id, nameEn: practitioner.nameEn, nameTh: practitioner.nameTh, licenceNumber: practitioner.licenceNumber });
    return signPdf(input, { identity, level, certify: true, timestampAuthority: ctx.pki.tsa, revocationSource: ctx.pki.revocation });
  });
  await writeFile(values.out, signed);
  return 0;
}
