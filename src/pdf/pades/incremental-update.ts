/**
 * Appends one revision to a PDF: the new or replaced objects, then an xref section of the same kind
 * as the last one (table or stream) chained with /Prev. The earlier bytes stay unchanged: copied, or
 * left where they are when this module wrote them with room after them (see writeAfter).
 */
import { PdfUnsupportedError } from './errors';
import type { PdfDocument } from './pdf-document';
import { PdfDict, PdfName, PdfStream, serialize, type PdfValue } from './pdf-syntax';

export interface IncrementalUpdate {
  bytes: Buffer;
  /** Where the appended revision starts. */
  start: number;
}

/** Allocates object numbers above the document's current size. */
export class ObjectAllocator {
  private next: number;
  constructor(document: PdfDocument) {
    this.next = document.size;
  }
  allocate(): number {
    return this.next++;
  }
  get size(): number {
    return this.next;
  }
}

export function appendRevision(document: PdfDocument, objects: Map<number, PdfValue>, allocator: ObjectAllocator): IncrementalUpdate {
  if (document.trailer.get('Encrypt') !== undefined) throw new PdfUnsupportedError('Encrypted PDFs cannot be signed here.');
  const base = Buffer.from(document.bytes.buffer, document.bytes.byteOffset, document.end);
  const last = base[base.length - 1];
  const chunks: Buffer[] = [base];
  let position = base.length;
  if (last !== 10 && last !== 13) {
    chunks.push(Buffer.from('\n'));
    position++;
  }
  const start = position;
  const offsets = new Map<number, { offset: number; gen: number }>();
  const push = (chunk: Buffer) => {
    chunks.push(chunk);
    position += chunk.length;
  };
  for (const [num, value] of [...objects].sort((a, b) => a[0] - b[0])) {
    const gen = document.generation(num);
    offsets.set(num, { offset: position, gen });
    push(Buffer.from(`${num} ${gen} obj\n`, 'latin1'));
    for (const chunk of serialize(value)) push(chunk);
    push(Buffer.from('\nendobj\n', 'latin1'));
  }
  const trailer = new PdfDict();
  for (const key of ['Root', 'Info', 'ID']) {
    const value = document.trailer.get(key);
    if (value !== undefined) trailer.set(key, value);
  }
  trailer.set('Prev', document.sections[0]!.offset);
  const xrefOffset = position;
  if (document.lastSectionKind === 'table') {
    trailer.set('Size', allocator.size);
    push(Buffer.from(`xref\n${tableSubsections(offsets)}trailer\n`, 'latin1'));
    for (const chunk of serialize(trailer)) push(chunk);
  } else {
    const num = allocator.allocate();
    offsets.set(num, { offset: xrefOffset, gen: 0 });
    trailer.set('Type', new PdfName('XRef')).set('Size', allocator.size);
    const { index, data } = streamRows(offsets);
    // Unfiltered: a revision's few rows barely compress, and a deflate stream costs more to set up than to store.
    trailer.set('W', [1, 4, 2]).set('Index', index);
    push(Buffer.from(`${num} 0 obj\n`, 'latin1'));
    for (const chunk of serialize(new PdfStream(trailer, data))) push(chunk);
    push(Buffer.from('\nendobj\n', 'latin1'));
  }
  push(Buffer.from(`\nstartxref\n${xrefOffset}\n%%EOF\n`, 'latin1'));
  return { bytes: writeAfter(base, chunks.slice(1), position), start };
}

/** Room left after each file written here, for the revisions a signer appends next (a seal, then its DSS). */
const spareBytes = 32 * 1024;
/**
 * The memory written here with room after it, and where its bytes end. A revision appended to the file
 * that ends there is written in place instead of copying everything before it again; any other file
 * sharing that memory (an earlier revision, another update of the same one) ends elsewhere and is copied.
 */
const writtenUpTo = new WeakMap<ArrayBufferLike, number>();

function writeAfter(base: Buffer, chunks: Buffer[], length: number): Buffer {
  const end = base.byteOffset + base.length;
  let out: Buffer;
  if (writtenUpTo.get(base.buffer) === end && base.buffer.byteLength >= base.byteOffset + length) {
    out = Buffer.from(base.buffer, base.byteOffset, length);
  } else {
    // Zero-filled: the spare room is memory that callers holding `.buffer` could see.
    out = Buffer.alloc(length + spareBytes).subarray(0, length);
    out.set(base);
  }
  let at = base.length;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  writtenUpTo.set(out.buffer, out.byteOffset + length);
  return out;
}

function runs(nums: number[]): number[][] {
  const groups: number[][] = [];
  for (const num of nums) {
    const group = groups[groups.length - 1];
    if (group && group[group.length - 1] === num - 1) group.push(num);
    else groups.push([num]);
  }
  return groups;
}

function tableSubsections(offsets: Map<number, { offset: number; gen: number }>): string {
  let text = '';
  for (const group of runs([...offsets.keys()].sort((a, b) => a - b))) {
    text += `${group[0]} ${group.length}\n`;
    for (const num of group) {
      const { offset, gen } = offsets.get(num)!;
      text += `${String(offset).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`;
    }
  }
  return text;
}

function streamRows(offsets: Map<number, { offset: number; gen: number }>): { index: number[]; data: Buffer } {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  const data = Buffer.alloc(nums.length * 7);
  const index: number[] = [];
  let row = 0;
  for (const group of runs(nums)) {
    index.push(group[0]!, group.length);
    for (const num of group) {
      const { offset, gen } = offsets.get(num)!;
      data[row * 7] = 1;
      data.writeUInt32BE(offset, row * 7 + 1);
      data.writeUInt16BE(gen, row * 7 + 5);
      row++;
    }
  }
  return { index, data };
}
