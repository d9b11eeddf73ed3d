/**
 * `medcert bench NAME [--n N] [--concurrency C] --json`: runs the benchmark `npm run bench -- NAME` runs
 * (bench/main.ts, in a process of its own so its timings are not shared with this one), which prints
 * one JSON line per measured case; `--json` is accepted for the contract, the output is JSON anyway.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors';

const benchMain = fileURLToPath(new URL('../../bench/main.ts', import.meta.url));

export async function run(args: string[]): Promise<number> {
  const rest = args.filter((arg) => arg !== '--json');
  if (rest.length === 0 || rest[0]!.startsWith('-')) throw new UsageError('Usage: medcert bench NAME [--n N] [--concurrency C] --json.');
  const result = spawnSync(process.execPath, ['--import', 'tsx', benchMain, ...rest], { stdio: 'inherit' });
  return result.status ?? 1;
}
