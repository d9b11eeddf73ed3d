/** One bench case with tinybench, printed as the contract's JSON line, with CPU time beside wall time. */
import { Bench } from 'tinybench';

export interface MeasureOptions {
  bench: string;
  name: string;
  iterations: number;
  warmupIterations?: number;
}

export async function measure(options: MeasureOptions, fn: () => unknown): Promise<void> {
  const warmupIterations = options.warmupIterations ?? 20;
  const bench = new Bench({ iterations: options.iterations, time: 0, warmupIterations });
  bench.add(options.name, fn);
  // On a shared machine the wall-clock mean also counts other processes' turns; CPU time per operation does not.
  const cpuBefore = process.cpuUsage();
  await bench.run();
  const cpu = process.cpuUsage(cpuBefore);
  const result = bench.tasks[0]!.result;
  if (result.state !== 'completed') throw new Error(`bench case ${options.name} ended ${result.state}`);
  const cpuUsPerOp = (cpu.user + cpu.system) / (options.iterations + warmupIterations);
  console.log(
    JSON.stringify({
      bench: options.bench,
      case: options.name,
      n: options.iterations,
      concurrency: 1,
      opsPerSec: Math.round(1000 / result.period),
      p50Ms: Number(result.latency.p50.toFixed(3)),
      p99Ms: Number(result.latency.p99.toFixed(3)),
      cpuUsPerOp: Number(cpuUsPerOp.toFixed(1)),
      opsPerCpuSec: Math.round(1e6 / cpuUsPerOp),
    }),
  );
}
