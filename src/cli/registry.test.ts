import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError, UsageError } from '../errors';
import { useCliDataDir } from '../test-support/cli-data-dir';
import { run } from './registry';

// The command opens the configured database itself: a PGlite data dir of our own, with a KEK set so the
// development-key warning stays off stderr, which these tests read line by line.
const dataDir = useCliDataDir('registry-cli');
const fixture = (name: string) => fileURLToPath(new URL(`../registry/fixtures/${name}`, import.meta.url));

async function runCapturing(args: string[]): Promise<{ code: number; out: string; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = mock.method(console, 'log', (line: string) => void out.push(line));
  const error = mock.method(console, 'error', (line: string) => void err.push(line));
  try {
    return { code: await run(args), out: out.join('\n'), err };
  } finally {
    log.mock.restore();
    error.mock.restore();
  }
}

test('a bad file exits 2 with one sentence and then every bad row, and imports nothing', async () => {
  const bad = path.join(dataDir, 'bad.csv');
  fs.writeFileSync(bad, 'licence_number,kind,name_th,name_en,province,address\n1,spa,ก,A,TH-10,x\n2,pharmacy,ข,B,TH-00,y\n3,pharmacy,ค,C,TH-10,z\n');
  const result = await runCapturing(['import', 'facilities', bad]);
  assert.equal(result.code, 2);
  assert.deepEqual(result.err.slice(1).map((line) => line.match(/^ {2}line (\d+):/)?.[1]), ['2', '3']);
  assert.match(result.err[0]!, /^The file was rejected and nothing was imported: 2 rows have problems\.$/);
  const good = await runCapturing(['import', 'facilities', fixture('facilities.csv')]);
  assert.equal(good.code, 0);
  assert.match(good.out, /^Imported 4 facilities: 4 created,/, 'the rejected file left nothing behind, so all four are new');
});

test('the same file imported twice reports everything unchanged the second time', async () => {
  await runCapturing(['import', 'practitioners', fixture('practitioners.csv')]);
  const again = await runCapturing(['import', 'practitioners', fixture('practitioners.csv')]);
  assert.equal(again.code, 0);
  assert.equal(again.out, 'Imported 4 practitioners: 0 created, 0 updated, 4 unchanged; 0 licence status rows appended.');
});

test('usage mistakes and missing files are input errors', async () => {
  await assert.rejects(run(['import', 'doctors', 'x.csv']), UsageError);
  await assert.rejects(run(['export', 'facilities', 'x.csv']), UsageError);
  await assert.rejects(run(['import', 'facilities', path.join(dataDir, 'missing.csv')]), InvalidInputError);
});
