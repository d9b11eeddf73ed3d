/** Builds web/dist for the browser tests when it is missing or older than any front-end source file. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('../../web', import.meta.url));
export const webDistDir = join(webRoot, 'dist');

export async function ensureWebBuilt(): Promise<string> {
  const marker = join(webDistDir, 'verify.html');
  if (!existsSync(marker) || newestSourceTime(webRoot) > statSync(marker).mtimeMs) {
    const { build } = await import('vite');
    await build({ configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
  }
  return webDistDir;
}

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
