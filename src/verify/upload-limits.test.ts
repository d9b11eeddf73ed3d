import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MedcertError } from '../errors';
import { qpdfRewrite, typstPdf } from '../pdf/pades/fixtures/sample-pdfs';
import { hasTool } from '../test-support/tools';
import { TooManyPagesError } from './errors';
import { checkUpload, declaredPageCount, maxPdfPages } from './upload-limits';

const pages = (n: number) => typstPdf(Array.from({ length: n }, (_, i) => `Page ${i + 1}`).join('\n#pagebreak()\n'));

describe('upload limits', () => {
  test('a PDF with a page tree of at most 20 pages passes, and its pages are counted', () => {
    const pdf = pages(maxPdfPages);
    assert.equal(declaredPageCount(pdf), maxPdfPages);
    assert.equal(checkUpload(pdf), pdf);
  });

  test('a PDF declaring more pages is refused with too-many-pages (413)', () => {
    assert.throws(
      () => checkUpload(pages(maxPdfPages + 5)),
      (error: unknown) => error instanceof TooManyPagesError && error.httpStatus === 413 && error.problemType === 'https://medcert.dev/problems/too-many-pages',
    );
  });

  test('the page tree is found inside object streams too', { skip: !hasTool('qpdf') }, () => {
    assert.equal(declaredPageCount(qpdfRewrite(pages(maxPdfPages + 1))), maxPdfPages + 1);
    assert.throws(() => checkUpload(qpdfRewrite(pages(maxPdfPages + 1))), TooManyPagesError);
  });

  test('an empty upload or one without a PDF header is invalid input', () => {
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode('GIF89a not a pdf')]) {
      assert.throws(() => checkUpload(bytes), (error: unknown) => error instanceof MedcertError && error.httpStatus === 400);
    }
  });

  test('any bytes after a PDF header either pass on to the validator or are a 4xx error, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom('%PDF-1.7\n', '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'), (tail, head) => {
        const bytes = new Uint8Array([...new TextEncoder().encode(head), ...tail]);
        try {
          checkUpload(bytes);
        } catch (error) {
          assert.ok(error instanceof MedcertError && error.httpStatus >= 400 && error.httpStatus < 500, String(error));
        }
      }),
      { numRuns: 300 },
    );
  });
});
