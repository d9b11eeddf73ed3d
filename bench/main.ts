/** `npm run bench -- NAME [--n N] [--concurrency C]`: runs bench/<name>.ts, which prints one JSON line per measured case. */
import process from 'node:process';

const benches: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  accounts: () => import('./accounts'),
  chatbot: () => import('./chatbot'),
  dashboard: () => import('./dashboard'),
  dcc: () => import('./dcc'),
  issue: () => import('./issue'),
  'issue-stages': () => import('./issue-stages'),
  pki: () => import('./pki'),
  registry: () => import('./registry'),
  sign: () => import('./sign'),
  verify: () => import('./verify'),
  'verify-api': () => import('./verify-api'),
  'verify-service': () => import('./verify-service'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? benches[name] : undefined;
if (!load) {
  console.error(`Usage: npm run bench -- <${Object.keys(benches).join('|')}> [--n N] [--concurrency C].`);
  process.exit(2);
}
await (await load()).run(args);
