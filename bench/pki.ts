/** `npm run bench -- pki [--n N]`: PKI operations on one core: key-store signing, RFC 3161 tokens, OCSP responses, CRLs, certificate issuance. */
import { parseOptions } from '../src/cli/options';
import { practitionerSubject } from '../src/pki/subjects';
import { createOcspRequest } from '../src/pki/ocsp-responder';
import { createTestPki } from '../src/test-support/pki';
import { measure } from './measure';

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
    ['crl-issuing-served', 1, () => pki.service.crl('issuing')],
    ['issue-practitioner-certificate', 0.25, () => pki.service.issueCertificate({ subject: practitionerSubject({ nameEn: 'Dr Bench', nameTh: 'หมอ', licenceNumber: `MD-${i++}` }), ownerKind: 'practitioner', ownerId: `bench-${i}` })],
  ];
  for (const [name, scale, fn] of cases) await measure({ bench: 'pki', name, iterations: Math.max(10, Math.round(n * scale)) }, fn);
  await pki.close();
}
