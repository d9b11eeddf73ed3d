/**
 * `medcert serve` on several cores: the primary forks worker processes that each run the whole server
 * and share the listening port (node:cluster hands connections round-robin). A worker that dies is
 * replaced; SIGTERM or SIGINT stops them all gracefully; a worker whose primary is gone stops itself.
 */
import cluster from 'node:cluster';
import type { Logger } from 'pino';

const restartDelayMs = 1_000;

export function isWorkerProcess(): boolean {
  return cluster.isWorker;
}

/** Forks `count` workers and keeps that many running until the primary is told to stop. */
export function superviseWorkers(count: number, log: Logger): Promise<void> {
  let stopping = false;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.error({ worker: worker.process.pid, code, signal }, 'a server worker exited; starting another');
    setTimeout(() => {
      if (!stopping) cluster.fork();
    }, restartDelayMs).unref();
  });
  return new Promise((resolve) => {
    const stop = () => {
      stopping = true;
      const running = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
      if (running.length === 0) return resolve();
      let left = running.length;
      for (const worker of running) {
        worker.once('exit', () => --left === 0 && resolve());
        worker.process.kill('SIGTERM');
      }
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** In a worker: run `shutdown` when the primary goes away (killed, or crashed) so no orphan keeps the port. */
export function stopWhenPrimaryLeaves(shutdown: () => void): void {
  cluster.worker?.once('disconnect', shutdown);
}
