/** `medcert verify FILE.pdf [--at ISO-TIME] [--json]`: validates a signed PDF against the platform's trust anchors; exit 0 only when valid. */
import { readFile } from 'node:fs/promises';
import { InvalidInputError, UsageError } from '../errors';
import type { VerificationResult } from '../verify/verification';
import { withContext } from './open-context';
import { parseOptions, printJson } from './options';

const usage = 'Usage: medcert verify FILE.pdf [--at ISO-TIME] [--json].';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { at: { type: 'string' }, json: { type: 'boolean', default: false } }, true);
  if (positionals.length !== 1) throw new UsageError(usage);
  const at = values.at === undefined ? new Date() : new Date(values.at);
  if (Number.isNaN(at.getTime())) throw new UsageError('--at must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z.');
  const pdf = await readFile(positionals[0]!).catch(() => {
    throw new InvalidInputError(`Cannot read ${positionals[0]}.`);
  });
  const report = await withContext((ctx) => ctx.verification.pdf(pdf, at));
  if (values.json) printJson(report);
  else printSummary(report);
  if (report.reasons.includes('pdf.malformed')) {
    console.error('The file is not a readable PDF.');
    return 2;
  }
  return report.valid ? 0 : 1;
}

function printSummary(report: VerificationResult): void {
  console.log(report.valid ? 'VALID' : `INVALID: ${report.reasons.join(', ')}`);
  if (report.document) console.log(`Certificate ${report.document.id} (${report.document.type}) is ${report.document.status}; issued by ${report.document.facility.nameEn}, signed by ${report.document.practitioner.nameEn}.`);
  for (const signature of report.signatures) {
    console.log(`- ${signature.role} "${signature.signer}", ${signature.level ?? 'no level'}, signed ${signature.signedAt ?? 'at an unknown time'}, changes after: ${signature.modificationsAfter}`);
  }
}
