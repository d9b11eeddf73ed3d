/**
 * Batched writers (the verification log, the verification counters) flush on a timer and when a reader asks.
 * A reader's flush must not return while rows recorded before it are still on their way in a write the timer
 * started, so writes run one at a time, each after the one before, whatever that one's outcome.
 */
export function oneAfterAnother(write: () => Promise<void>): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return () => (last = last.catch(() => undefined).then(write));
}
