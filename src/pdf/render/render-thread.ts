/** A rendering thread of render-threads.ts: its own Typst compiler, one certificate at a time. */
import { parentPort } from 'node:worker_threads';
import { createCertificateRenderer, type RenderCertificateInput } from './render-certificate';

const render = createCertificateRenderer();
const port = parentPort!;

port.on('message', async ({ id, input }: { id: number; input: RenderCertificateInput }) => {
  try {
    port.postMessage({ id, pdf: await render(input) });
  } catch (error) {
    port.postMessage({ id, error: (error as Error).message });
  }
});
