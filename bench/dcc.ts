/** `npm run bench -- dcc [--n N]`: EU DCC verification (all nine stages) and issuance (schema, value sets, ES256 sign, zlib, base45) on one core. */
import { Bench } from 'tinybench';
import { parseOptions } from '../src/cli/options';
import { createSelfSignedDsc } from '../src/dcc/document-signer';
import { issueDcc } from '../src/dcc/issue';
import { samplePayloads } from '../src/dcc/sample-payloads';
import { trustFromCertificates } from '../src/dcc/trust';
import { loadValueSets } from '../src/dcc/value-set-catalog';
import { verifyHc1 } from '../src/dcc/verify';

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { n: { type: 'string', default: '20000' } });
  const n = Number(values.n);
  const { signer } = await createSelfSignedDsc();
  const valueSets = loadValueSets();
  // A fixed clock inside the sample recovery's validity, so the run does not depend on today's date.
  const now = new Date('2026-01-10T08:00:00Z');
  const payloads = Object.values(samplePayloads);
  const issued = await Promise.all(Array.from({ length: 300 }, (_, i) => issueDcc(payloads[i % payloads.length], { signer, valueSets, now })));
  const options = { trust: trustFromCertificates([signer.dsc]), at: now };
  let i = 0;

  const cases: [string, () => unknown][] = [
    [
      'verify-hc1-es256',
      () => {
        if (!verifyHc1(issued[i++ % issued.length]!.hc1, options).valid) throw new Error('an issued DCC did not verify');
      },
    ],
    ['issue-hc1-es256', async () => void (await issueDcc(payloads[i++ % payloads.length], { signer, valueSets, now }))],
  ];
  for (const [name, fn] of cases) {
    const bench = new Bench({ iterations: n, time: 0, warmupIterations: 200 });
    bench.add(name, fn);
    // CPU time beside wall time: on a shared machine the wall-clock mean also counts other processes' turns.
    const cpuBefore = process.cpuUsage();
    await bench.run();
    const cpu = process.cpuUsage(cpuBefore);
    const result = bench.tasks[0]!.result;
    if (result.state !== 'completed') throw new Error(`bench case ${name} ended ${result.state}`);
    const cpuUsPerOp = (cpu.user + cpu.system) / (n + 200);
    console.log(
      JSON.stringify({
        bench: 'dcc',
        case: name,
        n,
        concurrency: 1,
        opsPerSec: Math.round(1000 / result.period),
        p50Ms: Number(result.latency.p50.toFixed(3)),
        p99Ms: Number(result.latency.p99.toFixed(3)),
        cpuUsPerOp: Number(cpuUsPerOp.toFixed(1)),
        opsPerCpuSec: Math.round(1e6 / cpuUsPerOp),
        p50OpsPerSec: Math.round(1000 / result.latency.p50),
      }),
    );
  }
}
