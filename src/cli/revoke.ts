/** `medcert revoke ID --reason TEXT`: revokes an issued certificate as the platform operator. */
import { UsageError } from '../errors';
import { withContext } from './open-context';
import { parseOptions, printJson } from './options';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { reason: { type: 'string' }, json: { type: 'boolean', default: false } }, true);
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0 || !values.reason) throw new UsageError('Usage: medcert revoke ID --reason TEXT.');
  const result = await withContext((ctx) => ctx.certificates.revocation.revoke(id, 'any', values.reason!, 'cli'));
  if (values.json) printJson(result);
  else console.log(`Certificate ${result.id} is now ${result.status}.`);
  return 0;
}
