/**
 * `npm run bench -- sign [--n N]`: PAdES signing of a one-page Typst PDF at each level with software
 * keys from the in-process test PKI (TSA and OCSP in-process too), one core, one JSON line per level
 * with the bytes each level adds.
 */
import { parseOptions } from '../src/cli/options';
import { typstPdf } from '../src/pdf/pades/fixtures/sample-pdfs';
import { CertificateCache } from '../src/pdf/pades/certificate';
import { padesLevels, signPdf } from '../src/pdf/pades/sign';
import { createTestPki } from '../src/test-support/pki';

export interface Measured {
  n: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs `action` n times one after another (after a short warm-up) and summarises the latencies. */
export async function measure(n: number, action: () => Promise<unknown>): Promise<Measured> {
  for (let i = 0; i < Math.min(50, Math.ceil(n / 10)); i++) await action();
  const timings: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await action();
    timings.push(performance.now() - t);
  }
  const total = performance.now() - started;
  timings.sort((a, b) => a - b);
  const at = (q: number) => Number(timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(3));
  return { n, opsPerSec: Math.round((n / total) * 1000), p50Ms: at(0.5), p99Ms: at(0.99) };
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { n: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '1' } });
  const n = Number(values.n);
  const pki = await createTestPki();
  const input = typstPdf();
  const certificates = new CertificateCache();
  for (const level of padesLevels) {
    const options = { identity: pki.practitioner, level, certify: true, timestampAuthority: pki.tsa, revocationSource: pki.revocation, certificates };
    const size = (await signPdf(input, options)).length;
    const result = await measure(level === 'B-B' ? n : Math.max(20, Math.floor(n / 10)), () => signPdf(input, options));
    console.log(JSON.stringify({ bench: 'sign', case: level, ...result, concurrency: 1, keyStore: 'software', algorithm: pki.practitioner.key.algorithm, inputBytes: input.length, bytesAdded: size - input.length }));
  }
  await pki.close();
}
