/**
 * For in-process tests of CLI commands, which open the configured database themselves: points
 * MEDCERT_DATA_DIR at a fresh temporary PGlite data dir, holding the migrated snapshot (with a KEK,
 * without DATABASE_URL) for the file's tests, then restores the environment and removes the directory.
 */
import { after, before, mock } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedDataDir } from './pglite-snapshot';

export function useCliDataDir(prefix: string): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `medcert-${prefix}-`));
  const names = ['MEDCERT_DATA_DIR', 'DATABASE_URL', 'MEDCERT_KEK'] as const;
  const saved = names.map((name) => process.env[name]);
  before(async () => {
    await seedDataDir(dataDir);
    process.env.MEDCERT_DATA_DIR = dataDir;
    process.env.MEDCERT_KEK = `${prefix}-test-kek`;
    delete process.env.DATABASE_URL;
  });
  after(() => {
    names.forEach((name, i) => (saved[i] === undefined ? delete process.env[name] : (process.env[name] = saved[i])));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return dataDir;
}

/** Runs a command, collecting what it prints: console.log lines and JSON lines on stdout (the test reporter's output passes through). */
export async function captureOutput(action: () => Promise<number>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = mock.method(console, 'log', (line: string) => void lines.push(line));
  const original = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const write = mock.method(process.stdout, 'write', (chunk: unknown, ...rest: unknown[]) => (typeof chunk === 'string' && chunk.startsWith('{') ? (lines.push(chunk.trimEnd()), true) : original(chunk, ...rest)));
  try {
    return { code: await action(), out: lines.join('\n') };
  } finally {
    log.mock.restore();
    write.mock.restore();
  }
}
