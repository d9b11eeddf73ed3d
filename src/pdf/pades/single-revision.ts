/**
 * Writes a one-revision PDF (classic xref table) again as a single compact revision with some objects
 * replaced: for a file not yet signed there are no earlier revisions to keep, so the replaced objects'
 * old bytes go (a certificate's text-layer repair would otherwise carry its page content and ToUnicode
 * maps twice), and every dictionary goes into one compressed object stream with an xref stream
 * (PDF 1.5, allowed by PDF/A-2 and -3). Streams keep their bytes as written.
 */
import { constants as zlibConstants, deflateSync } from 'node:zlib';
import { PdfUnsupportedError } from './errors';
import { appendRevision, type ObjectAllocator } from './incremental-update';
import type { PdfDocument } from './pdf-document';
import { PdfDict, PdfName, PdfStream, serialize, type PdfValue } from './pdf-syntax';

type XrefRow = { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number };

/** Replaces `objects` in a single-revision file; a file with earlier revisions gets an incremental update instead. */
export function replaceObjects(document: PdfDocument, objects: Map<number, PdfValue>, allocator: ObjectAllocator): Buffer {
  const [section, ...earlier] = document.sections;
  if (earlier.length > 0 || section!.kind !== 'table') return appendRevision(document, objects, allocator).bytes;
  if (document.trailer.get('Encrypt') !== undefined) throw new PdfUnsupportedError('Encrypted PDFs cannot be rewritten here.');
  const source = Buffer.from(document.bytes.buffer, document.bytes.byteOffset, document.end);
  // Each kept object's bytes run from its offset to the next object's (or the xref's).
  const located = [...section!.entries].flatMap(([num, entry]) => (entry.type === 'offset' ? [{ num, gen: entry.gen, offset: entry.offset }] : [])).sort((a, b) => a.offset - b.offset);
  const header = source.subarray(0, located[0]?.offset ?? section!.offset);
  const chunks: Buffer[] = [header];
  let position = header.length;
  const rows = new Map<number, XrefRow>();
  const push = (chunk: Buffer) => {
    chunks.push(chunk);
    position += chunk.length;
  };
  const writeObject = (num: number, gen: number, body: Buffer[]) => {
    rows.set(num, { type: 1, offset: position, gen });
    push(Buffer.from(`${num} ${gen} obj\n`, 'latin1'));
    for (const chunk of body) push(chunk);
    push(Buffer.from('\nendobj\n', 'latin1'));
  };
  const packed: { num: number; body: Buffer }[] = [];
  located.forEach(({ num, gen, offset }, i) => {
    if (objects.has(num)) return;
    const raw = source.subarray(offset, located[i + 1]?.offset ?? section!.offset);
    if (gen !== 0 || holdsStream(raw, () => document.object(num) instanceof PdfStream)) {
      rows.set(num, { type: 1, offset: position, gen });
      push(raw);
    } else packed.push({ num, body: objectBody(raw) });
  });
  for (const [num, value] of [...objects].sort((a, b) => a[0] - b[0])) {
    if (value instanceof PdfStream || document.generation(num) !== 0) writeObject(num, document.generation(num), serialize(value));
    else packed.push({ num, body: Buffer.concat(serialize(value)) });
  }
  if (packed.length > 0) {
    const streamNum = allocator.allocate();
    packed.forEach(({ num }, index) => rows.set(num, { type: 2, stream: streamNum, index }));
    writeObject(streamNum, 0, serialize(objectStream(packed)));
  }
  const xrefNum = allocator.allocate();
  rows.set(xrefNum, { type: 1, offset: position, gen: 0 });
  const trailer = new PdfDict().set('Type', new PdfName('XRef')).set('Size', allocator.size).set('W', [1, 4, 2]).set('Filter', new PdfName('FlateDecode'));
  for (const key of ['Root', 'Info', 'ID']) {
    const value = document.trailer.get(key);
    if (value !== undefined) trailer.set(key, value);
  }
  const xrefOffset = position;
  writeObject(xrefNum, 0, serialize(new PdfStream(trailer, deflateSync(xrefData(rows, allocator.size)))));
  push(Buffer.from(`startxref\n${xrefOffset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks, position);
}

/**
 * Whether an indirect object's bytes hold a stream, told by the `endstream` before its `endobj` without
 * parsing it (a tagged page has hundreds of small structure dictionaries); parsed when its end is unusual.
 */
function holdsStream(raw: Buffer, parse: () => boolean): boolean {
  const end = /(endstream\s*)?endobj\s*$/.exec(raw.toString('latin1', Math.max(0, raw.length - 64)));
  return end ? end[1] !== undefined : parse();
}

/** The bytes between `N G obj` and `endobj`. */
function objectBody(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const start = /^\s*\d+\s+\d+\s+obj\b/.exec(text)![0].length;
  const end = text.lastIndexOf('endobj');
  return raw.subarray(start, end < start ? raw.length : end);
}

function objectStream(packed: { num: number; body: Buffer }[]): PdfStream {
  let offset = 0;
  const pairs: string[] = [];
  const bodies: Buffer[] = [];
  for (const { num, body } of packed) {
    pairs.push(`${num} ${offset}`);
    bodies.push(body, Buffer.from('\n', 'latin1'));
    offset += body.length + 1;
  }
  const index = Buffer.from(`${pairs.join(' ')}\n`, 'latin1');
  // Half the CPU of the default level for 2 % more bytes on a certificate's dictionaries.
  const data = deflateSync(Buffer.concat([index, ...bodies]), { level: 5, strategy: zlibConstants.Z_FILTERED });
  return new PdfStream(new PdfDict().set('Type', new PdfName('ObjStm')).set('N', packed.length).set('First', index.length).set('Filter', new PdfName('FlateDecode')), data);
}

function xrefData(rows: Map<number, XrefRow>, size: number): Buffer {
  const data = Buffer.alloc(size * 7);
  data.writeUInt16BE(0xffff, 5);
  for (const [num, row] of rows) {
    const at = num * 7;
    data[at] = row.type;
    if (row.type === 1) {
      data.writeUInt32BE(row.offset, at + 1);
      data.writeUInt16BE(row.gen, at + 5);
    } else {
      data.writeUInt32BE(row.stream, at + 1);
      data.writeUInt16BE(row.index, at + 5);
    }
  }
  return data;
}
