/** `medcert chatbot purge [--now ISO-TIME] [--json]`: deletes chatbot message text past the 30-day retention (run it daily, e.g. from cron). */
import { purgeExpiredMessages } from '../chatbot/messages';
import { UsageError } from '../errors';
import { withContext } from './open-context';
import { parseOptions, printJson } from './options';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { now: { type: 'string' }, json: { type: 'boolean' } }, true);
  if (positionals.length !== 1 || positionals[0] !== 'purge') throw new UsageError('Usage: medcert chatbot purge [--now ISO-TIME] [--json].');
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new UsageError('--now must be an ISO 8601 date-time.');
  const deleted = await withContext((ctx) => purgeExpiredMessages(ctx.db, now));
  if (values.json) printJson({ deleted });
  else console.log(`Deleted ${deleted} chatbot message(s) older than 30 days.`);
  return 0;
}
