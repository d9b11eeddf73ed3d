/** `medcert audit verify [--json]`: recomputes the audit log's hash chain; exit 0 when intact, 1 naming the first broken link. */
import { UsageError } from '../errors';
import { withContext } from './open-context';
import { parseOptions, printJson } from './options';

const reasons = {
  'hash-mismatch': 'its contents do not match its hash',
  'prev-hash-mismatch': 'it does not link to the event before it',
  'missing-event': 'the event is missing',
  'head-mismatch': 'events after it were removed',
} as const;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean', default: false } }, true);
  if (positionals.length !== 1 || positionals[0] !== 'verify') throw new UsageError('Usage: medcert audit verify [--json].');
  const verdict = await withContext((ctx) => ctx.audit.verifyChain());
  if (values.json) printJson(verdict);
  if (verdict.intact) {
    if (!values.json) console.log(`The audit log is intact: ${verdict.events} event${verdict.events === 1 ? '' : 's'}, head ${verdict.headHash}.`);
    return 0;
  }
  if (!values.json) console.log(`The audit log is broken at seq ${verdict.brokenSeq}: ${reasons[verdict.reason]} (${verdict.events} events before it are intact).`);
  return 1;
}
