import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { addDss } from './dss';
import { createTestPki, type TestPki } from '../../test-support/pki';
import { attackCorpus, type AttackInputs } from './fixtures/attack-corpus';
import { typstPdf } from './fixtures/sample-pdfs';
import { PdfDocument } from './pdf-document';
import { pdfReasons } from './reasons';
import { addDocumentTimestamp, signPdf } from './sign';
import { createPdfValidator, type PdfValidator } from './validate';

let pki: TestPki;
before(async () => {
  pki = await createTestPki();
});
after(() => pki.close());

describe('the validator rejects tampered signed PDFs', () => {
  let inputs: AttackInputs;
  let validator: PdfValidator;
  before(async () => {
    const pdf = typstPdf();
    const doomed = await pki.issuePractitioner();
    inputs = {
      signed: await signPdf(pdf, { identity: pki.practitioner, certify: true }),
      untrusted: await signPdf(pdf, { identity: pki.untrusted.signer }),
      expired: await signPdf(pdf, { identity: pki.expired }),
      revoked: await signPdf(pdf, { identity: doomed }),
      other: await signPdf(typstPdf('Another certificate'), { identity: pki.practitioner, certify: true }),
    };
    await pki.revoke(doomed);
    validator = createPdfValidator({ trustAnchors: [pki.rootCertificate], revocationSource: pki.revocation });
  });

  it('accepts the untampered original', async () => {
    const report = await validator(inputs.signed);
    assert.deepEqual(report.reasons, []);
    assert.equal(report.valid, true);
  });

  it('has at least 30 attack cases, each invalid with its stable reason', async () => {
    const cases = attackCorpus(inputs);
    assert.ok(cases.length >= 30, `only ${cases.length} cases`);
    const failures: string[] = [];
    for (const attack of cases) {
      const report = await validator(attack.bytes);
      if (report.valid || !report.reasons.includes(attack.expected)) failures.push(`${attack.name}: expected ${attack.expected}, got [${report.reasons.join(', ')}]`);
      for (const reason of report.reasons) assert.ok(reason in pdfReasons, `${attack.name}: unknown reason ${reason}`);
    }
    assert.deepEqual(failures, []);
  });

  it('never throws on random mutations of a signed PDF', async () => {
    const known = new Set(Object.keys(pdfReasons));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (edits, cut) => {
          let bytes = Uint8Array.from(inputs.signed);
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          if (cut !== undefined) bytes = bytes.subarray(0, cut % bytes.length);
          const report = await validator(bytes);
          assert.ok(report.reasons.every((r) => known.has(r)));
          if (report.valid) assert.equal(report.reasons.length, 0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('legitimate later updates keep earlier signatures valid', () => {
  it('a second (approval) signature after a certification signature', async () => {
    const first = await signPdf(typstPdf(), { identity: pki.practitioner, certify: true });
    const second = await signPdf(first, { identity: pki.facility });
    const report = await createPdfValidator({ trustAnchors: [pki.rootCertificate] })(second);
    assert.deepEqual(report.reasons, []);
    assert.deepEqual(report.signatures.map((s) => s.modificationsAfter), ['allowed', 'none']);
    assert.deepEqual(report.signatures.map((s) => s.coversWholeDocument), [false, true]);
  });

  it('a DSS added after the signature', async () => {
    const signed = await signPdf(typstPdf(), { identity: pki.practitioner, certify: true });
    const withDss = addDss(PdfDocument.open(signed), { certificates: [pki.practitioner.certificate, ...pki.practitioner.chain], ocsps: [], crls: [] });
    const report = await createPdfValidator({ trustAnchors: [pki.rootCertificate] })(withDss);
    assert.deepEqual(report.reasons, []);
    assert.equal(report.signatures[0]!.modificationsAfter, 'allowed');
  });

  it('a document time-stamp, a DSS and a second signature after a B-LTA signature', async () => {
    const lta = await signPdf(typstPdf(), { identity: pki.practitioner, certify: true, level: 'B-LTA', timestampAuthority: pki.tsa, revocationSource: pki.revocation });
    const sealed = await signPdf(lta, { identity: pki.facility, level: 'B-T', timestampAuthority: pki.tsa });
    const restamped = await addDocumentTimestamp(sealed, pki.tsa);
    const report = await createPdfValidator({ trustAnchors: [pki.rootCertificate] })(restamped);
    assert.deepEqual(report.reasons, []);
    assert.deepEqual(report.signatures.map((s) => [s.level, s.modificationsAfter]), [['B-LTA', 'allowed'], ['B-T', 'allowed']]);
    assert.equal(report.documentTimestamps.length, 2);
  });

  it('checks revocation and expiry at the proven signing time, not at validation time', async () => {
    const identity = await pki.issuePractitioner();
    const signed = await signPdf(typstPdf(), { identity, level: 'B-LT', timestampAuthority: pki.tsa, revocationSource: pki.revocation });
    await pki.revoke(identity);
    const validator = createPdfValidator({ trustAnchors: [pki.rootCertificate], revocationSource: pki.revocation });
    const report = await validator(signed, new Date(Date.now() + 2 * 365 * 86_400_000));
    assert.deepEqual(report.reasons, [], 'the embedded OCSP response proves the certificate was good when time-stamped');
    const unstamped = await signPdf(typstPdf(), { identity });
    assert.ok((await validator(unstamped)).reasons.includes('signature.certificate-revoked'));
  });
});
