import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { samplePayloads } from '../dcc/sample-payloads';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'dcc-cli-'));

function medcertAsync(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { env: { ...process.env, MEDCERT_DATA_DIR: dataDir } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function medcert(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', env: { ...process.env, MEDCERT_DATA_DIR: dataDir } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('dcc issue --json prints {hc1, kid}; dcc verify of it prints the contract JSON and exits 0, and 1 past its expiry', () => {
  const data = join(dataDir, 'vaccination.json');
  writeFileSync(data, JSON.stringify(samplePayloads.v));
  const issued = medcert('dcc', 'issue', '--data', data, '--json');
  assert.equal(issued.code, 0, issued.stderr);
  const { hc1, kid, ...rest } = JSON.parse(issued.stdout);
  assert.deepEqual(rest, {});
  assert.match(hc1, /^HC1:/);
  assert.equal(typeof kid, 'string');

  const verified = medcert('dcc', 'verify', hc1, '--json');
  assert.equal(verified.code, 0, verified.stderr);
  const result = JSON.parse(verified.stdout);
  assert.deepEqual(Object.keys(result), ['valid', 'stages', 'payload']);
  assert.deepEqual(Object.keys(result.stages), ['unprefix', 'b45decode', 'decompress', 'decode', 'verify', 'validJson', 'schema', 'expiration', 'keyUsage']);
  assert.equal(result.valid, true);

  // The same check with the DSC given explicitly (a file holding the PEM), at a clock past the expiry.
  const file = join(dataDir, 'hc1.txt');
  writeFileSync(file, `${hc1}\n`);
  const late = medcert('dcc', 'verify', '--file', file, '--dsc', join(dataDir, 'dcc', 'development-dsc.pem'), '--at', '2099-01-01T00:00:00Z', '--json');
  assert.equal(late.code, 1);
  assert.equal(JSON.parse(late.stdout).stages.expiration, false);
  assert.equal(JSON.parse(late.stdout).stages.verify, true);
});

test('dcc verify trusts the DSCs of an EU gateway DSC list', () => {
  const list = join(dataDir, 'dsc-list.json');
  const vector = JSON.parse(readFileSync(fileURLToPath(new URL('../../../shared/testdata/dcc/common/2DCode/raw/CO3.json', import.meta.url)), 'utf8'));
  writeFileSync(list, JSON.stringify([{ certificateType: 'DSC', country: 'XX', rawData: vector.TESTCTX.CERTIFICATE }]));
  const result = medcert('dcc', 'verify', vector.PREFIX, '--trust-list', list, '--at', vector.TESTCTX.VALIDATIONCLOCK, '--json');
  assert.equal(result.code, 0, result.stdout);
  assert.equal(JSON.parse(result.stdout).valid, true);
});

test('usage and input mistakes exit 2 with one sentence', async () => {
  const bad = join(dataDir, 'bad.json');
  writeFileSync(bad, '{"v": []}');
  const cases = [['dcc', 'verify'], ['dcc', 'verify', 'HC1:', '--at', 'soon'], ['dcc', 'verify', 'HC1:', '--dsc', 'garbage'], ['dcc', 'issue', '--data', bad]];
  const results = await Promise.all(cases.map((args) => medcertAsync(...args)));
  results.forEach((result, i) => {
    assert.equal(result.code, 2, `${cases[i]!.join(' ')}: ${result.stderr}`);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });
});
