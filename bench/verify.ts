/**
 * `npm run bench -- verify [--n N]`: our PAdES validator on B-B and B-LTA files (trust anchors and
 * certificate cache reused, as a server does), and poppler's pdfsig on the same files in the same run.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseOptions } from '../src/cli/options';
import { typstPdf } from '../src/pdf/pades/fixtures/sample-pdfs';
import { signPdf, type PadesLevel } from '../src/pdf/pades/sign';
import { createPdfValidator } from '../src/pdf/pades/validate';
import { hasTool } from '../src/test-support/tools';
import { createTestPki } from '../src/test-support/pki';
import { measure } from './sign';

const execFileAsync = promisify(execFile);

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { n: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '1' } });
  const n = Number(values.n);
  const pki = await createTestPki();
  const validator = createPdfValidator({ trustAnchors: [pki.rootCertificate], revocationSource: pki.revocation });
  const dir = await mkdtemp(join(tmpdir(), 'bench-verify-'));
  try {
    for (const level of ['B-B', 'B-LTA'] as PadesLevel[]) {
      const signed = await signPdf(typstPdf(), { identity: pki.practitioner, level, certify: true, timestampAuthority: pki.tsa, revocationSource: pki.revocation });
      const report = await validator(signed);
      if (!report.valid) throw new Error(`The ${level} sample does not validate: ${report.reasons.join(', ')}`);
      const ours = await measure(n, () => validator(signed));
      console.log(JSON.stringify({ bench: 'verify', case: `${level} medcert`, ...ours, concurrency: 1, bytes: signed.length }));
      if (!hasTool('pdfsig')) continue;
      const file = join(dir, `${level}.pdf`);
      await writeFile(file, signed);
      const poppler = await measure(Math.max(10, Math.floor(n / 100)), () => execFileAsync('pdfsig', ['-nocert', file]));
      console.log(JSON.stringify({ bench: 'verify', case: `${level} pdfsig -nocert (process per file)`, ...poppler, concurrency: 1, bytes: signed.length }));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await pki.close();
  }
}
