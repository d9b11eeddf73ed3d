import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InvalidInputError } from '../../errors';
import { PdfSyntaxError } from './errors';
import { appendRevision, ObjectAllocator } from './incremental-update';
import { hybridPdf, qpdfRewrite, typstPdf } from './fixtures/sample-pdfs';
import { PdfDocument } from './pdf-document';
import { PdfDict, PdfName, PdfParser, PdfRef, PdfStream, PdfString, serialize, type PdfValue } from './pdf-syntax';

const parse = (text: string) => new PdfParser(Buffer.from(text, 'latin1')).parseValue();
const roundTrip = (value: PdfValue) => new PdfParser(Buffer.concat(serialize(value))).parseValue();

describe('PDF object syntax', () => {
  it('reads names with #-escapes, references, literal strings with escapes and nested containers', () => {
    const value = parse('<< /A#20B [1 0 R (a\\(b\\)\\101\\n) <4142 4>] /N -1.5 /T true /Z null >>') as PdfDict;
    assert.ok(value.get('A B'));
    const [ref, literal, hex] = value.get('A B') as [PdfRef, PdfString, PdfString];
    assert.deepEqual([ref.num, ref.gen], [1, 0]);
    assert.equal(literal.text, 'a(b)A\n');
    assert.equal(Buffer.from(hex.bytes).toString('hex'), '414240');
    assert.equal(value.get('N'), -1.5);
    assert.equal(value.get('T'), true);
    assert.equal(value.get('Z'), undefined, 'null entries are absent');
  });

  it('serializes and parses back any value (property)', () => {
    const leaf = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.boolean(),
      fc.string({ maxLength: 12 }).map((s) => new PdfName(s.replace(/\0/g, ''))),
      fc.uint8Array({ maxLength: 20 }).map((b) => new PdfString(b)),
      fc.tuple(fc.nat(99999), fc.nat(9)).map(([n, g]) => new PdfRef(n, g)),
    );
    const { value } = fc.letrec<{ value: PdfValue }>((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.stringMatching(/^[A-Za-z]{1,6}$/), tie('value'), { maxKeys: 4 }).map((o) => new PdfDict(new Map(Object.entries(o))))),
    }));
    const normal = (v: PdfValue): unknown =>
      v instanceof PdfDict ? Object.fromEntries([...v.entries].map(([k, x]) => [k, normal(x)])) : Array.isArray(v) ? v.map(normal) : v instanceof PdfString ? Buffer.from(v.bytes).toString('hex') : v;
    fc.assert(fc.property(value, (v) => assert.deepEqual(normal(roundTrip(v)), normal(v))));
  });

  it('rejects malformed syntax with PdfSyntaxError', () => {
    for (const text of ['<< /A 1', '[1 2', '(unterminated', '<zz>', ')', '<< 1 2 >>']) assert.throws(() => parse(text), PdfSyntaxError, text);
  });
});

describe('PdfDocument', () => {
  it('reads a hybrid-reference file, finding objects through /XRefStm and object streams', () => {
    const document = PdfDocument.open(hybridPdf());
    assert.equal(document.lastSectionKind, 'table');
    assert.ok(document.resolveDict(document.object(4))?.get('Font'));
  });

  it('appends a revision that leaves earlier bytes untouched and chains /Prev', () => {
    const original = typstPdf();
    const document = PdfDocument.open(original);
    const allocator = new ObjectAllocator(document);
    const num = allocator.allocate();
    const updated = appendRevision(document, new Map([[num, new PdfDict().set('Marker', new PdfName('Yes'))]]), allocator).bytes;
    assert.ok(updated.subarray(0, original.length).equals(Buffer.from(original)));
    const reopened = PdfDocument.open(updated);
    assert.equal(reopened.sections.length, document.sections.length + 1);
    assert.equal(reopened.resolveDict(new PdfRef(num, 0))?.name('Marker'), 'Yes');
    assert.equal(reopened.catalog().name('Type'), 'Catalog');
  });

  it('either opens a mutated PDF or throws an input error, never anything else (property)', () => {
    const pdf = typstPdf();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
        const bytes = Uint8Array.from(pdf);
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        try {
          const document = PdfDocument.open(bytes);
          document.catalog();
        } catch (error) {
          assert.ok(error instanceof InvalidInputError, String(error));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lets a later revision reuse what an earlier one parsed, except a stream whose length that revision looks up', () => {
    const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>', '<< /Length 4 0 R >>\nstream\nABCD\nendstream XYZW\nendstream', '4'];
    let text = '%PDF-1.7\n';
    const offsets = objects.map((object, i) => {
      const offset = text.length;
      text += `${i + 1} 0 obj\n${object}\nendobj\n`;
      return offset;
    });
    const xref = text.length;
    text += `xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    const original = PdfDocument.open(Buffer.from(text, 'latin1'));
    const updated = appendRevision(original, new Map([[4, 19]]), new ObjectAllocator(original)).bytes;

    const current = PdfDocument.open(updated);
    const signed = current.revision(text.length);
    const streamOf = (document: PdfDocument) => Buffer.from((document.object(3) as PdfStream).data).toString('latin1');
    assert.equal(streamOf(signed), 'ABCD');
    assert.equal(streamOf(current), 'ABCD\nendstream XYZW', 'the later /Length is read, not the earlier parse');
    assert.equal(signed.catalog(), current.catalog(), 'the unchanged catalog is parsed once');
  });

  it('lets a signed revision reuse the xref streams the whole file read', () => {
    const original = PdfDocument.open(qpdfRewrite(typstPdf()));
    const once = appendRevision(original, new Map([[1, original.object(1)]]), new ObjectAllocator(original)).bytes;
    const updated = PdfDocument.open(once);
    const twice = appendRevision(updated, new Map([[1, updated.object(1)]]), new ObjectAllocator(updated)).bytes;

    const current = PdfDocument.open(twice);
    const signed = current.revision(once.length);
    assert.equal(current.lastSectionKind, 'stream');
    assert.equal(signed.sections.length, current.sections.length - 1);
    signed.sections.forEach((section, i) => assert.equal(section, current.sections[i + 1], `section ${i} is parsed once`));
    assert.equal(signed.catalog().name('Type'), 'Catalog');
  });

  it('opens an appended file reusing the parse of its earlier bytes, and keeps what it parses from its siblings', () => {
    const original = PdfDocument.open(typstPdf());
    const catalog = original.catalog();
    const append = (marker: string) => {
      const allocator = new ObjectAllocator(original);
      return appendRevision(original, new Map<number, PdfValue>([[allocator.allocate(), new PdfDict().set('Marker', new PdfName(marker))]]), allocator).bytes;
    };
    const [first, second] = [append('First'), append('Other')];
    const firstOpened = original.appended(first);
    assert.equal(firstOpened.catalog(), catalog, 'the unchanged catalog is not parsed again');
    assert.equal(firstOpened.resolveDict(new PdfRef(original.size, 0))?.name('Marker'), 'First');
    // The same offsets hold other bytes in a sibling: its own parse must be read, not the first one's.
    assert.equal(original.appended(second).resolveDict(new PdfRef(original.size, 0))?.name('Marker'), 'Other');
  });

  it('opens an appended file afresh when its earlier bytes are not the same', () => {
    const original = PdfDocument.open(typstPdf());
    const catalog = original.catalog();
    const allocator = new ObjectAllocator(original);
    const updated = appendRevision(original, new Map<number, PdfValue>([[allocator.allocate(), new PdfDict()]]), allocator).bytes;
    updated[20] = updated[20]! ^ 0x01;
    const reopened = original.appended(updated);
    assert.notEqual(reopened.catalog(), catalog);
    assert.equal(reopened.catalog().name('Type'), 'Catalog');
  });

  it('appends in place after a file it wrote, never over bytes another file holds', () => {
    const mark = (document: PdfDocument, marker: string) => {
      const allocator = new ObjectAllocator(document);
      return appendRevision(document, new Map<number, PdfValue>([[allocator.allocate(), new PdfDict().set('Marker', new PdfName(marker))]]), allocator).bytes;
    };
    const once = mark(PdfDocument.open(typstPdf()), 'Once');
    const copyOfOnce = Buffer.from(once);
    const markerNum = PdfDocument.open(once).size;
    const left = mark(PdfDocument.open(once), 'Left');
    const right = mark(PdfDocument.open(once), 'Right');
    assert.equal(left.buffer, once.buffer, 'the first update of a file written here goes after it in place');
    assert.notEqual(right.buffer, once.buffer, 'a second update of the same file is copied');
    assert.ok(once.equals(copyOfOnce), 'the earlier file is unchanged');
    assert.equal(PdfDocument.open(left).resolveDict(new PdfRef(markerNum, 0))?.name('Marker'), 'Left');
    assert.equal(PdfDocument.open(right).resolveDict(new PdfRef(markerNum, 0))?.name('Marker'), 'Right');
  });

  it('reports a file without startxref as a syntax error', () => {
    assert.throws(() => PdfDocument.open(Buffer.from('%PDF-1.7\nnothing here\n')), PdfSyntaxError);
  });
});
