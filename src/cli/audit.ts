/**
 * `medcert audit verify [--anchor SEQ:HASH …] [--json]`: recomputes the audit log's hash chain; exit 0
 * when intact, 1 naming the first broken link. Anchors are head hashes printed by earlier runs and
 * kept outside the database, which catch a tail rewritten consistently by someone with write access.
 */
import type { ChainAnchor } from '../audit/audit-log';
import { UsageError } from '../errors';
import { withContext } from './open-context';
import { parseOptions, printJson } from './options';

const reasons = {
  'hash-mismatch': 'its contents do not match its hash',
  'prev-hash-mismatch': 'it does not link to the event before it',
  'missing-event': 'the event is missing',
  'head-mismatch': 'events after it were removed',
  'anchor-mismatch': 'its hash differs from the anchored one (the chain was rewritten from here)',
} as const;

function parseAnchor(text: string): ChainAnchor {
  const match = /^([1-9][0-9]{0,15}):([0-9a-fA-F]{64})$/.exec(text);
  if (!match) throw new UsageError(`An anchor is SEQ:HASH (a 64-digit hex SHA-256), not "${text.slice(0, 80)}".`);
  return { seq: Number(match[1]), hash: match[2]! };
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean', default: false }, anchor: { type: 'string', multiple: true } }, true);
  if (positionals.length !== 1 || positionals[0] !== 'verify') throw new UsageError('Usage: medcert audit verify [--anchor SEQ:HASH …] [--json].');
  const anchors = (values.anchor ?? []).map(parseAnchor);
  const verdict = await withContext((ctx) => ctx.audit.verifyChain(anchors));
  if (values.json) printJson(verdict);
  if (verdict.intact) {
    if (!values.json) console.log(`The audit log is intact: ${verdict.events} event${verdict.events === 1 ? '' : 's'}; keep this anchor elsewhere: ${verdict.events}:${verdict.headHash}.`);
    return 0;
  }
  if (!values.json) console.log(`The audit log is broken at seq ${verdict.brokenSeq}: ${reasons[verdict.reason]} (${verdict.events} events before it are intact).`);
  return 1;
}
