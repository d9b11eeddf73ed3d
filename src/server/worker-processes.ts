/**
 * `medcert serve` on several cores: the primary forks worker processes that each run the whole server
 * and share the listening port (node:cluster hands connections round-robin). A worker that dies is
 * replaced; SIGTERM or SIGINT stops them all gracefully; a worker whose primary is gone stops itself.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

const restartDelayMs = 1_000;
/** How long the first workers wait for each other before listening anyway (one may never start). */
const startBarrierMs = 60_000;
const builtMessage = 'medcert:server-built';
const listenMessage = 'medcert:listen';

export function isWorkerProcess(): boolean {
  return cluster.isWorker;
}

/** Forks `count` workers and keeps that many running until the primary is told to stop. */
export function superviseWorkers(count: number, log: Logger): Promise<void> {
  let stopping = false;
  releaseWorkersTogether(count);
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

/**
 * The first workers start listening together, once all of them have built their server: node:cluster
 * gives each new connection to a worker already listening, so a client that opens its kept-alive
 * connections as soon as the port answers (a proxy's pool, a load generator) would otherwise send
 * everything to whichever worker started first, for as long as those connections live.
 * A replacement worker listens as soon as it is built.
 */
function releaseWorkersTogether(count: number): void {
  let waiting: Worker[] | undefined = [];
  const release = () => {
    for (const worker of waiting ?? []) if (worker.isConnected()) worker.send(listenMessage);
    waiting = undefined;
  };
  const deadline = setTimeout(release, startBarrierMs);
  deadline.unref();
  cluster.on('message', (worker, message) => {
    if (message !== builtMessage) return;
    if (!waiting) return void worker.send(listenMessage);
    waiting.push(worker);
    if (waiting.filter((w) => w.isConnected()).length >= count) {
      clearTimeout(deadline);
      release();
    }
  });
}

/** In a worker: resolves when the primary lets it listen (see releaseWorkersTogether); a lone process listens at once. */
export function turnToListen(): Promise<void> {
  if (!cluster.isWorker) return Promise.resolve();
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if (message !== listenMessage) return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
    process.send!(builtMessage);
  });
}

/** In a worker: run `shutdown` when the primary goes away (killed, or crashed) so no orphan keeps the port. */
export function stopWhenPrimaryLeaves(shutdown: () => void): void {
  cluster.worker?.once('disconnect', shutdown);
}
