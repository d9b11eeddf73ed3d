/**
 * `medcert accounts create-user --username NAME [--role ROLE] [--practitioner ID] [--province CODE-OR-NAME] [--totp] [--json]`:
 * creates a login (e.g. the first platform operator); the password is read from stdin so it never
 * appears in the process list or shell history, and the TOTP URI is printed once.
 */
import { platformRoles, type PlatformRole } from '../accounts/tables';
import { InvalidInputError, UsageError } from '../errors';
import { withContext } from './open-context';
import { parseOptions, printJson } from './options';

const usage = `Usage: echo PASSWORD | medcert accounts create-user --username NAME [--role ${platformRoles.join('|')}] [--practitioner ID] [--province CODE-OR-NAME] [--totp] [--json].`;
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function readPassword(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!password) throw new InvalidInputError('Give the password on stdin, e.g. from a password manager.');
  return password;
}

export async function run(args: string[], stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { username: { type: 'string' }, role: { type: 'string', default: 'none' }, practitioner: { type: 'string' }, province: { type: 'string' }, totp: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    true,
  );
  if (positionals.length !== 1 || positionals[0] !== 'create-user' || !values.username) throw new UsageError(usage);
  if (!(platformRoles as readonly string[]).includes(values.role)) throw new UsageError(`The role must be one of ${platformRoles.join(', ')}.`);
  if (values.practitioner !== undefined && !uuidShape.test(values.practitioner)) throw new InvalidInputError('The practitioner must be given by its id (a UUID).');
  const password = await readPassword(stdin);
  const created = await withContext((ctx) =>
    ctx.accounts.createUser({ username: values.username!, password, platformRole: values.role as PlatformRole, practitionerId: values.practitioner, province: values.province, withTotp: values.totp }),
  );
  if (values.json) printJson({ id: created.id, totpUri: created.totp?.uri ?? null });
  else {
    console.log(`Created user ${created.id}.`);
    if (created.totp) console.log(`Add this to the authenticator app (shown once): ${created.totp.uri}`);
  }
  return 0;
}
