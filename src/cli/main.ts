/** The `medcert` command: dispatches to one module per subcommand and maps errors to exit codes once. */
import { MedcertError, UsageError } from '../errors';

export type CommandRunner = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<{ run: CommandRunner }>> = {
  serve: () => import('./serve'),
  dcc: () => import('./dcc'),
  accounts: () => import('./accounts'),
  audit: () => import('./audit'),
  chatbot: () => import('./chatbot'),
  registry: () => import('./registry'),
  pki: () => import('./pki'),
  pdf: () => import('./pdf'),
  verify: () => import('./verify'),
  demo: () => import('./demo'),
  types: () => import('./types'),
  issue: () => import('./issue'),
  revoke: () => import('./revoke'),
  bench: () => import('./bench'),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || name === '--help' || name === 'help') throw new UsageError(`Usage: medcert <${Object.keys(commands).join('|')}> [options].`);
    const load = commands[name];
    if (!load) throw new UsageError(`Unknown command "${name}"; expected one of: ${Object.keys(commands).join(', ')}.`);
    const command = await load();
    return await command.run(rest);
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof MedcertError) {
    console.error(error.message);
    return error.exitCode;
  }
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    console.error((error as Error).message.split('\n')[0]);
    return 2;
  }
  console.error(`Unexpected error: ${(error as Error)?.message ?? String(error)}`);
  if (process.env.MEDCERT_DEBUG) console.error(error);
  return 1;
}

const exitCode = await main(process.argv.slice(2));
if (exitCode !== 0 || !process.argv.includes('serve')) process.exitCode = exitCode;
