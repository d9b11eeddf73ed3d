import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { addDss } from './dss';
import { attackCorpus, type AttackInputs } from './fixtures/attack-corpus';
import { typstPdf } from './fixtures/sample-pdfs';
import { throwawayPki } from './fixtures/throwaway-pki';
import { PdfDocument } from './pdf-document';
import { pdfReasons } from './reasons';
import { signPdf } from './sign';
import { createPdfValidator, type PdfValidator } from './validate';

describe('the validator rejects tampered signed PDFs', () => {
  let inputs: AttackInputs;
  let validator: PdfValidator;
  before(async () => {
    const pki = await throwawayPki();
    const stranger = await throwawayPki();
    const pdf = typstPdf();
    inputs = {
      signed: await signPdf(pdf, { identity: pki.identity, certify: true }),
      untrusted: await signPdf(pdf, { identity: stranger.identity }),
      expired: await signPdf(pdf, { identity: pki.expired }),
      other: await signPdf(typstPdf('Another certificate'), { identity: pki.identity, certify: true }),
    };
    validator = createPdfValidator({ trustAnchors: [pki.rootDer] });
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
    const pki = await throwawayPki();
    const first = await signPdf(typstPdf(), { identity: pki.identity, certify: true });
    const second = await signPdf(first, { identity: pki.identity });
    const report = await createPdfValidator({ trustAnchors: [pki.rootDer] })(second);
    assert.deepEqual(report.reasons, []);
    assert.deepEqual(report.signatures.map((s) => s.modificationsAfter), ['allowed', 'none']);
    assert.deepEqual(report.signatures.map((s) => s.coversWholeDocument), [false, true]);
  });

  it('a DSS added after the signature', async () => {
    const pki = await throwawayPki();
    const signed = await signPdf(typstPdf(), { identity: pki.identity, certify: true });
    const withDss = addDss(PdfDocument.open(signed), { certificates: [pki.identity.certificate, ...pki.identity.chain], ocsps: [], crls: [] });
    const report = await createPdfValidator({ trustAnchors: [pki.rootDer] })(withDss);
    assert.deepEqual(report.reasons, []);
    assert.equal(report.signatures[0]!.modificationsAfter, 'allowed');
  });
});
