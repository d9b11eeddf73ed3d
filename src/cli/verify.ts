/** `medcert verify FILE.pdf [--at ISO-TIME] [--json]`: validates a signed PDF against the platform's trust anchors; exit 0 only when valid. */
import { readFile } from 'node:fs/promises';
import { InvalidInputError, UsageError } from '../errors';
import { PkiNotInitializedError } from '../pki/errors';
import { contractSignature, createPdfValidator, type PdfValidationReport } from '../pdf/pades/validate';
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
  const report = await withContext(async (ctx) => {
    // A platform without a CA yet trusts nothing (every signature is then chain-untrusted).
    const trustAnchors = await ctx.pki.trustAnchors().catch((error: unknown) => {
      if (error instanceof PkiNotInitializedError) return [];
      throw error;
    });
    const validator = createPdfValidator({ trustAnchors, revocationSource: ctx.pki.revocation });
    return validator(pdf, at);
  });
  if (values.json) printJson({ valid: report.valid, reasons: report.reasons, document: null, signatures: report.signatures.map(contractSignature) });
  else printSummary(report);
  if (report.reasons.includes('pdf.malformed')) {
    console.error('The file is not a readable PDF.');
    return 2;
  }
  return report.valid ? 0 : 1;
}

function printSummary(report: PdfValidationReport): void {
  console.log(report.valid ? 'VALID' : `INVALID: ${report.reasons.join(', ')}`);
  for (const signature of report.signatures) {
    console.log(`- ${signature.fieldName}: ${signature.role} "${signature.signer}", ${signature.level ?? 'no level'}, signed ${signature.signedAt ?? 'at an unknown time'}, changes after: ${signature.modificationsAfter}`);
  }
}
