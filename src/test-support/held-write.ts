/**
 * For batched writers (verification log, verification counters): holds the first flush in its write and flushes
 * again meanwhile, as a reader would while the timer's write is in flight.
 */
import type { Db } from '../db/database';

/**
 * `prepare` builds the writer on the given database (whose statements complete only once released), records
 * what it needs and returns the writer's flush. Resolves when both flushes have, telling whether the second
 * was still waiting 30 ms into the held write.
 */
export async function flushDuringHeldWrite(db: Db, prepare: (held: Db) => () => Promise<void>): Promise<{ secondWaited: boolean }> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const flush = prepare(db.withPlugin({ transformQuery: (args) => args.node, transformResult: async (args) => (await gate, args.result) }));
  const first = flush();
  let secondFlushed = false;
  const second = flush().then(() => (secondFlushed = true));
  await new Promise((resolve) => setTimeout(resolve, 30));
  const secondWaited = !secondFlushed;
  release();
  await Promise.all([first, second]);
  return { secondWaited };
}
