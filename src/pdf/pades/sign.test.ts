import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { requireTool } from '../../test-support/tools';
import { opensslVerifiesAll, pdfsig, qpdfCheck } from './fixtures/independent-tools';
import { chromiumPdf, hybridPdf, qpdfRewrite, typstPdf } from './fixtures/sample-pdfs';
import { throwawayPki } from './fixtures/throwaway-pki';
import { PdfDocument } from './pdf-document';
import { signPdf } from './sign';
import { createPdfValidator } from './validate';

type Pki = Awaited<ReturnType<typeof throwawayPki>>;

describe('PAdES signatures checked by independent tools', () => {
  let pki: Pki;
  before(async () => {
    pki = await throwawayPki();
  });

  const producers: [string, () => Uint8Array][] = [
    ['Typst (xref table)', () => typstPdf()],
    ['qpdf with object streams (xref stream)', () => qpdfRewrite(typstPdf())],
    ['Chromium print-to-PDF', () => chromiumPdf()],
    ['hybrid-reference (table + /XRefStm)', () => hybridPdf()],
    ['qpdf-linearized', () => qpdfRewrite(typstPdf(), ['--linearize'])],
  ];

  for (const [producer, make] of producers) {
    it(`signs a ${producer} PDF that pdfsig, openssl and qpdf accept`, async (t) => {
      for (const tool of ['pdfsig', 'certutil', 'openssl', 'qpdf']) if (!requireTool(t, tool)) return;
      if (producer.startsWith('Chromium') && !requireTool(t, 'chromium')) return;
      const input = make();
      const signed = await signPdf(input, { identity: pki.identity, certify: true });
      assert.ok(Buffer.from(signed.subarray(0, input.length)).equals(Buffer.from(input)), 'the original bytes are kept');
      const twice = await signPdf(signed, { identity: pki.identity });
      assert.deepEqual(pdfsig(twice, pki.rootPem), [
        { valid: true, trusted: true, type: 'ETSI.CAdES.detached' },
        { valid: true, trusted: true, type: 'ETSI.CAdES.detached' },
      ]);
      assert.deepEqual(opensslVerifiesAll(twice, pki.rootPem), [true, true]);
      const check = qpdfCheck(twice);
      assert.ok(check.ok, check.output);
      const report = await createPdfValidator({ trustAnchors: [pki.rootDer] })(twice);
      assert.deepEqual(report.reasons, []);
    });
  }

  it('writes the new xref section in the same kind as the last one', async () => {
    const table = await signPdf(typstPdf(), { identity: pki.identity });
    const stream = await signPdf(qpdfRewrite(typstPdf()), { identity: pki.identity });
    assert.equal(PdfDocument.open(table).lastSectionKind, 'table');
    assert.equal(PdfDocument.open(stream).lastSectionKind, 'stream');
  });

  it('draws an optional visible appearance that pdfsig still validates', async (t) => {
    if (!requireTool(t, 'pdfsig') || !requireTool(t, 'certutil')) return;
    const signed = await signPdf(typstPdf(), { identity: pki.identity, appearance: { rect: [20, 20, 180, 60], lines: ['Digitally signed', 'Dr Test'] } });
    assert.deepEqual(pdfsig(signed, pki.rootPem), [{ valid: true, trusted: true, type: 'ETSI.CAdES.detached' }]);
  });
});
