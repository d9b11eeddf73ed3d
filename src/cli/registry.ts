/** `medcert registry import facilities|practitioners FILE.csv [--json]`: all rows or none; every bad row listed on stderr, exit 2. */
import fs from 'node:fs';
import { InvalidInputError, UsageError } from '../errors';
import type { CsvImportKind, CsvImportReport } from '../registry/csv-import';
import { CsvImportRejectedError } from '../registry/errors';
import { withContext } from './open-context';
import { parseOptions, printJson } from './options';

const usage = 'Usage: medcert registry import facilities|practitioners FILE.csv [--json].';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean', default: false } }, true);
  const [action, kind, file] = positionals;
  if (action !== 'import' || (kind !== 'facilities' && kind !== 'practitioners') || !file || positionals.length !== 3) throw new UsageError(usage);
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new InvalidInputError(`Cannot read ${file}: there is no such file.`);
  try {
    const report = await withContext(async (ctx) => {
      const result = await ctx.registry.importCsv(kind, fs.createReadStream(file));
      await ctx.audit.append({ actor: 'cli', action: 'registry.imported', targetKind: 'registry', targetId: kind, details: { ...result } });
      return result;
    });
    if (values.json) printJson(report);
    else console.log(summary(kind, report));
    return 0;
  } catch (error) {
    if (!(error instanceof CsvImportRejectedError)) throw error;
    console.error(error.message);
    for (const row of error.rows) console.error(`  line ${row.line}: ${row.reason}`);
    return 2;
  }
}

function summary(kind: CsvImportKind, report: CsvImportReport): string {
  const unchanged = report.rows - report.created - report.updated;
  return `Imported ${report.rows} ${kind}: ${report.created} created, ${report.updated} updated, ${unchanged} unchanged; ${report.statusesAppended} licence status rows appended.`;
}
