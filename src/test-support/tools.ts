/**
 * Independent tools (pdfsig, qpdf, chromium, softhsm2-util…) checked by name. Outside CI a test that
 * needs a missing tool is skipped; with CI=true it fails, so a green CI proves the tool ran.
 */
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

export function hasTool(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Returns true when the test may go on; skips (locally) or throws (in CI) otherwise. */
export function requireTool(t: TestContext, command: string): boolean {
  if (hasTool(command)) return true;
  if (process.env.CI === 'true') throw new Error(`${command} is required in CI but is not installed.`);
  t.skip(`${command} is not installed`);
  return false;
}
