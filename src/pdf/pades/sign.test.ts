import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { certificatePem, type TestPki } from '../../test-support/pki';
import { requireTool } from '../../test-support/tools';
import { createServedTestPki, type ServedPki } from './fixtures/pki-http';
import { nssTrustsSigners, opensslVerifiesAll, pdfsig, qpdfCheck } from './fixtures/independent-tools';
import { chromiumPdf, hybridPdf, qpdfRewrite, typstPdf } from './fixtures/sample-pdfs';
import { PdfDocument } from './pdf-document';
import { padesLevels, signPdf } from './sign';
import { createPdfValidator, type PdfValidator } from './validate';

describe('PAdES signatures checked by independent tools', () => {
  let served: ServedPki;
  let pki: TestPki;
  let rootPem: string;
  let validator: PdfValidator;
  before(async () => {
    served = await createServedTestPki();
    pki = served.pki;
    rootPem = certificatePem(pki.rootCertificate);
    validator = createPdfValidator({ trustAnchors: [pki.rootCertificate], revocationSource: pki.revocation });
  });
  after(() => served.close());

  const producers: [string, string, () => Uint8Array][] = [
    ['Typst (xref table)', 'qpdf', () => typstPdf()],
    ['qpdf with object streams (xref stream)', 'qpdf', () => qpdfRewrite(typstPdf())],
    ['Chromium print-to-PDF', 'chromium', () => chromiumPdf()],
    ['hybrid-reference (table + /XRefStm)', 'qpdf', () => hybridPdf()],
    ['qpdf-linearized', 'qpdf', () => qpdfRewrite(typstPdf(), ['--linearize'])],
  ];

  for (const [producer, producerTool, make] of producers) {
    it(`signs a ${producer} PDF (practitioner, then facility seal) that pdfsig, openssl and qpdf accept`, async (t) => {
      for (const tool of ['pdfsig', 'certutil', 'vfychain', 'openssl', 'qpdf', producerTool]) if (!requireTool(t, tool)) return;
      const input = make();
      const signed = await signPdf(input, { identity: pki.practitioner, certify: true });
      assert.ok(Buffer.from(signed.subarray(0, input.length)).equals(Buffer.from(input)), 'the original bytes are kept');
      const sealed = await signPdf(signed, { identity: pki.facility });
      const verdicts = await pdfsig(sealed, rootPem);
      assert.deepEqual(verdicts.map((v) => [v.valid, v.type]), [[true, 'ETSI.CAdES.detached'], [true, 'ETSI.CAdES.detached']]);
      assert.equal(verdicts[0]!.trusted, true);
      assert.deepEqual(await nssTrustsSigners(sealed, rootPem), [true, true], 'NSS trusts both signers');
      assert.deepEqual(opensslVerifiesAll(sealed, rootPem), [true, true]);
      const check = qpdfCheck(sealed);
      assert.ok(check.ok, check.output);
      const report = await validator(sealed);
      assert.deepEqual(report.reasons, []);
      assert.deepEqual(report.signatures.map((s) => [s.role, s.modificationsAfter]), [['practitioner', 'allowed'], ['facility', 'none']]);
    });
  }

  for (const level of padesLevels) {
    it(`signs at ${level}: pdfsig, openssl, qpdf and our validator agree`, async (t) => {
      for (const tool of ['pdfsig', 'certutil', 'openssl', 'qpdf']) if (!requireTool(t, tool)) return;
      const signed = await signPdf(typstPdf(), { identity: pki.practitioner, level, certify: true, timestampAuthority: pki.tsa, revocationSource: pki.revocation });
      const verdicts = await pdfsig(signed, rootPem);
      assert.deepEqual(verdicts[0], { valid: true, trusted: true, type: 'ETSI.CAdES.detached' });
      // poppler 22.12 lists the document time-stamp but cannot check ETSI.RFC3161 ("Signature Type: unknown").
      assert.equal(verdicts.length, level === 'B-LTA' ? 2 : 1);
      assert.deepEqual(opensslVerifiesAll(signed, rootPem), [true]);
      const check = qpdfCheck(signed);
      assert.ok(check.ok, check.output);
      const report = await validator(signed);
      assert.deepEqual(report.reasons, []);
      assert.equal(report.signatures[0]!.level, level);
      assert.equal(report.signatures[0]!.revocation, 'good');
      if (level !== 'B-B') assert.ok(Math.abs(Date.parse(report.signatures[0]!.signedAt!) - Date.now()) < 60_000, 'signedAt is the time-stamp time');
      if (level === 'B-LTA') assert.deepEqual(report.documentTimestamps.map((d) => d.valid), [true]);
    });
  }

  it("NSS does not trust a signer from another CA, nor pdfsig", async (t) => {
    for (const tool of ['pdfsig', 'certutil', 'vfychain', 'openssl']) if (!requireTool(t, tool)) return;
    const signed = await signPdf(typstPdf(), { identity: pki.untrusted.signer });
    assert.deepEqual(await nssTrustsSigners(signed, rootPem), [false]);
    assert.deepEqual(await pdfsig(signed, rootPem), [{ valid: true, trusted: false, type: 'ETSI.CAdES.detached' }]);
  });

  it('writes the new xref section in the same kind as the last one', async () => {
    const table = await signPdf(typstPdf(), { identity: pki.practitioner });
    const stream = await signPdf(qpdfRewrite(typstPdf()), { identity: pki.practitioner });
    assert.equal(PdfDocument.open(table).lastSectionKind, 'table');
    assert.equal(PdfDocument.open(stream).lastSectionKind, 'stream');
  });

  it('draws an optional visible appearance that pdfsig still validates', async (t) => {
    if (!requireTool(t, 'pdfsig') || !requireTool(t, 'certutil')) return;
    const signed = await signPdf(typstPdf(), { identity: pki.practitioner, appearance: { rect: [20, 20, 180, 60], lines: ['Digitally signed', 'Dr Somchai Jaidee'] } });
    assert.deepEqual(await pdfsig(signed, rootPem), [{ valid: true, trusted: true, type: 'ETSI.CAdES.detached' }]);
  });

  it('reserves /Contents for the container it signs with, not kilobytes of padding', async () => {
    const signed = await signPdf(typstPdf(), { identity: pki.practitioner, certify: true });
    const sealed = await signPdf(signed, { identity: pki.facility, level: 'B-LTA', timestampAuthority: pki.tsa, revocationSource: pki.revocation });
    const paddings = [...Buffer.from(sealed).toString('latin1').matchAll(/\/Contents\s*<([0-9a-fA-F]+)>/g)].map(([, hex]) => {
      const der = Buffer.from(hex!, 'hex');
      const length = der[1]! < 0x80 ? 2 + der[1]! : 2 + (der[1]! & 0x7f) + der.readUIntBE(2, der[1]! & 0x7f);
      return der.length - length;
    });
    assert.equal(paddings.length, 3, 'practitioner, seal, document time-stamp');
    for (const padding of paddings) assert.ok(padding >= 0 && padding <= 128, `padding of ${padding} bytes`);
  });

  it("a B-LT seal carries the earlier practitioner signature's validation data, so both validate offline", async () => {
    const signed = await signPdf(typstPdf(), { identity: pki.practitioner, certify: true });
    const sealed = await signPdf(signed, { identity: pki.facility, level: 'B-LT', earlierSigners: [pki.practitioner], timestampAuthority: pki.tsa, revocationSource: pki.revocation });
    const offline = createPdfValidator({ trustAnchors: [pki.rootCertificate] });
    const report = await offline(sealed);
    assert.deepEqual(report.signatures.map((s) => [s.role, s.revocation]), [['practitioner', 'good'], ['facility', 'good']]);
    const sealOnly = await offline(await signPdf(signed, { identity: pki.facility, level: 'B-LT', timestampAuthority: pki.tsa, revocationSource: pki.revocation }));
    assert.deepEqual(sealOnly.signatures.map((s) => s.revocation), ['unknown', 'good'], 'without it the practitioner needs an online check');
  });

  it('refuses levels above B-B without the services they need', async () => {
    await assert.rejects(signPdf(typstPdf(), { identity: pki.practitioner, level: 'B-T' }), /time-stamp authority/);
    await assert.rejects(signPdf(typstPdf(), { identity: pki.practitioner, level: 'B-LT', timestampAuthority: pki.tsa }), /revocation source/);
  });

  it('rejects a file that is not a PDF with an input error', async () => {
    await assert.rejects(signPdf(Buffer.from('hello'), { identity: pki.practitioner }), (error: Error & { code?: string }) => error.code === 'ERR_PDF_SYNTAX');
  });
});
