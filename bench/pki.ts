/** `npm run bench -- pki [--n N]`: PKI operations on one core: key-store signing, RFC 3161 tokens, OCSP responses, CRLs, certificate issuance. */
import { Bench } from 'tinybench';
import { parseOptions } from '../src/cli/options';
import { practitionerSubject } from '../src/pki/subjects';
import { createOcspRequest } from '../src/pki/ocsp-responder';
import { createTestPki } from '../src/test-support/pki';

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { n: { type: 'string', default: '2000' } });
  const n = Number(values.n);
  const pki = await createTestPki();
  const rsa = await pki.service.issueCertificate({ subject: practitionerSubject({ nameEn: 'Dr RSA', nameTh: 'หมอ', licenceNumber: 'MD-RSA' }), ownerKind: 'practitioner', ownerId: 'bench-rsa', algorithm: 'RSA-3072' });
  const data = new Uint8Array(2048).fill(7);
  const digest = new Uint8Array(32).fill(9);
  const ocspRequest = await createOcspRequest(pki.practitioner.certificate, pki.issuingCertificate);
  let i = 0;

  // [name, iterations relative to n, operation]
  const cases: [string, number, () => Promise<unknown>][] = [
    ['sign-software-ecdsa-p256', 10, () => pki.practitioner.key.sign(data)],
    ['sign-software-rsa-3072', 1, () => rsa.key.sign(data)],
    ['timestamp-token', 1, () => pki.tsa.timestamp(digest)],
    ['ocsp-response', 1, () => pki.service.respondToOcsp(ocspRequest)],
    // What a B-LT signer asks: the in-process source, whose responses are reused for a minute.
    ['ocsp-in-process-cached', 10, () => pki.revocation.ocsp(pki.practitioner.certificate, pki.issuingCertificate)],
    ['crl-issuing', 0.25, () => pki.service.crl('issuing')],
    ['issue-practitioner-certificate', 0.25, () => pki.service.issueCertificate({ subject: practitionerSubject({ nameEn: 'Dr Bench', nameTh: 'หมอ', licenceNumber: `MD-${i++}` }), ownerKind: 'practitioner', ownerId: `bench-${i}` })],
  ];
  for (const [name, scale, fn] of cases) {
    const iterations = Math.max(10, Math.round(n * scale));
    const bench = new Bench({ iterations, time: 0, warmupIterations: 20 });
    bench.add(name, fn);
    // CPU time beside wall time: on a shared machine the wall-clock mean also counts other processes' turns.
    const cpuBefore = process.cpuUsage();
    await bench.run();
    const cpu = process.cpuUsage(cpuBefore);
    const result = bench.tasks[0]!.result;
    if (result.state !== 'completed') throw new Error(`bench case ${name} ended ${result.state}`);
    const cpuUsPerOp = (cpu.user + cpu.system) / (iterations + 20);
    console.log(
      JSON.stringify({
        bench: 'pki',
        case: name,
        n: iterations,
        concurrency: 1,
        opsPerSec: Math.round(1000 / result.period),
        p50Ms: Number(result.latency.p50.toFixed(3)),
        p99Ms: Number(result.latency.p99.toFixed(3)),
        cpuUsPerOp: Number(cpuUsPerOp.toFixed(1)),
      }),
    );
  }
  await pki.close();
}
