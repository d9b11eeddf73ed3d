/**
 * Certificate rendering on worker threads, for a process that serves alone on a machine with more cores
 * (PGlite, or MEDCERT_WORKERS=1): Typst, the QR and the text-layer repair (about 5 ms of CPU a certificate)
 * leave the event loop, which goes on answering requests, signing and storing meanwhile. Each thread holds its
 * own compiler; renders go first come, first served to a free thread. A thread that dies fails the render
 * it had and is replaced.
 */
import { Worker } from 'node:worker_threads';
import type { CertificateRenderer, RenderCertificateInput } from './render-certificate';

interface Job {
  input: RenderCertificateInput;
  resolve: (pdf: Uint8Array) => void;
  reject: (error: Error) => void;
}

/** Rendering on a thread failed: Typst refused the template, or the thread died. */
export class RenderThreadError extends Error {
  override name = 'RenderThreadError';
}

// The thread loads its TypeScript through tsx, as this process does (tsx's loader does not follow a process into its threads).
const tsxApi = import.meta.resolve('tsx/esm/api');
const threadBootstrap = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./render-thread.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`;

export function createThreadedRenderer(threads: number): CertificateRenderer {
  const waiting: Job[] = [];
  const idle: Worker[] = [];
  const running = new Map<Worker, { id: number; job: Job }>();
  let nextId = 0;
  let live = 0;

  function start(): void {
    live++;
    let answered = false;
    const worker = new Worker(threadBootstrap, { eval: true });
    worker.unref();
    worker.on('message', (message: { id: number; pdf?: Uint8Array; error?: string }) => {
      answered = true;
      const current = running.get(worker);
      if (!current || current.id !== message.id) return;
      running.delete(worker);
      worker.unref();
      if (message.pdf) current.job.resolve(message.pdf);
      else current.job.reject(new RenderThreadError(`Rendering failed: ${message.error ?? 'unknown error'}`));
      idle.push(worker);
      dispatch();
    });
    const lost = (reason: string) => {
      live--;
      const current = running.get(worker);
      running.delete(worker);
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
      const error = new RenderThreadError(`The rendering thread stopped (${reason}).`);
      current?.job.reject(error);
      // A thread that had rendered is replaced at once; one that could not start is tried again on the next render
      // (no restart loop), and with no thread left the renders waiting fail with its reason.
      if (answered) start();
      else if (live === 0) for (const job of waiting.splice(0)) job.reject(error);
    };
    worker.once('error', (error) => lost(error.message));
    worker.once('exit', (code) => {
      if (running.has(worker) || idle.includes(worker)) lost(`exit code ${code}`);
    });
    idle.push(worker);
    dispatch();
  }

  function dispatch(): void {
    while (idle.length > 0 && waiting.length > 0) {
      const worker = idle.shift()!;
      const job = waiting.shift()!;
      const id = nextId++;
      running.set(worker, { id, job });
      try {
        worker.postMessage({ id, input: job.input });
      } catch (error) {
        // Input that cannot be copied to a thread (a function, say) is refused here; the thread stays free.
        running.delete(worker);
        idle.push(worker);
        job.reject(new RenderThreadError(`The certificate could not be handed to a rendering thread: ${(error as Error).message}`));
        continue;
      }
      // A busy thread keeps the process alive (a CLI awaiting its render); an idle one does not.
      worker.ref();
    }
  }

  return (input) =>
    new Promise<Uint8Array>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      while (live < threads) start();
      dispatch();
    });
}
