import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { typstPdf } from '../pdf/pades/fixtures/sample-pdfs';
import { signPdf } from '../pdf/pades/sign';
import { seedDataDir } from '../test-support/pglite-snapshot';
import { createTestPki } from '../test-support/pki';

describe('medcert verify', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'medcert-verify-'));
    await seedDataDir(join(dir, 'data'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const medcert = (...args: string[]) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', env: { ...process.env, MEDCERT_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('prints the contract JSON and exits 1 for a PDF signed under a CA this platform does not trust', async () => {
    const pki = await createTestPki();
    const file = join(dir, 'foreign.pdf');
    writeFileSync(file, await signPdf(typstPdf(), { identity: pki.practitioner }));
    await pki.close();
    const { status, stdout } = medcert('verify', file, '--json');
    assert.equal(status, 1);
    const report = JSON.parse(stdout);
    assert.deepEqual(Object.keys(report), ['valid', 'reasons', 'document', 'signatures']);
    assert.equal(report.valid, false);
    assert.deepEqual(report.reasons, ['signature.chain-untrusted']);
    assert.deepEqual(Object.keys(report.signatures[0]), ['signer', 'role', 'signedAt', 'level', 'integrity', 'chainTrusted', 'revocation', 'coversWholeDocument', 'modificationsAfter']);
    assert.equal(report.signatures[0].integrity, true);
  });

  it('exits 2 with one sentence for unreadable input and bad options', () => {
    const garbage = join(dir, 'garbage.pdf');
    writeFileSync(garbage, 'not a pdf');
    const unreadable = medcert('verify', garbage, '--json');
    assert.equal(unreadable.status, 2);
    assert.deepEqual(JSON.parse(unreadable.stdout).reasons, ['pdf.malformed']);
    assert.match(unreadable.stderr, /not a readable PDF\./);
    assert.equal(medcert('verify', join(dir, 'missing.pdf')).status, 2);
    assert.equal(medcert('verify', garbage, '--at', 'yesterday').status, 2);
    assert.equal(medcert('verify').status, 2);
  });
});
