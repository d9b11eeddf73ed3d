/**
 * Read access to one revision of a PDF: the xref chain (tables, streams, hybrids) from a startxref
 * back through /Prev, and objects resolved lazily from it, including those inside object streams.
 */
import { inflateSync, constants } from 'node:zlib';
import { PdfSyntaxError, PdfUnsupportedError } from './errors';
import { PdfDict, PdfParser, PdfRef, PdfStream, type PdfValue } from './pdf-syntax';

export type XrefEntry = { type: 'free' } | { type: 'offset'; offset: number; gen: number } | { type: 'compressed'; stream: number; index: number };

export interface XrefSection {
  offset: number;
  kind: 'table' | 'stream';
  trailer: PdfDict;
  entries: Map<number, XrefEntry>;
}

const maxSections = 1000;

interface ObjectStream {
  parser: PdfParser;
  offsets: Map<number, number>;
  /** Objects parsed from it, by number (its decoded bytes are the same for every revision that shares it). */
  values: Map<number, PdfValue>;
}

/**
 * Objects parsed at an offset by one revision of a file, for the later revisions of the same file.
 * A revision ends with `%%EOF`, so a parse that succeeded within it never read to its end; a later
 * revision (the same bytes and more) then parses the same value, unless the parse asked the revision's
 * own xref (an indirect stream /Length) or fell back from a stream's declared length: those are not kept.
 */
interface SharedParses {
  objects: Map<number, { num: number; value: PdfValue; end: number }>;
  objectStreams: Map<number, { stream: ObjectStream; end: number }>;
  /**
   * Xref streams with a direct /Length, by offset, with the offset of the last byte their parse read:
   * any revision of the file that ends after that byte reads the same section (the file and its
   * signed revisions share their older sections).
   */
  xrefStreams: Map<number, { section: XrefSection; lastByteRead: number }>;
}

export class PdfDocument {
  private readonly cache = new Map<number, PdfValue>();
  private readonly objectStreams = new Map<number, ObjectStream>();

  private constructor(
    readonly bytes: Uint8Array,
    /** The byte length of this revision (the file may continue with later ones). */
    readonly end: number,
    /** Newest first. */
    readonly sections: XrefSection[],
    private readonly shared: SharedParses,
  ) {}

  /** Opens the revision whose `startxref … %%EOF` ends at or just before `end`. */
  static open(bytes: Uint8Array, end = bytes.length): PdfDocument {
    return PdfDocument.openShared(bytes, end, { objects: new Map(), objectStreams: new Map(), xrefStreams: new Map() });
  }

  /**
   * Opens an earlier revision of this file (a signature's signed bytes) that, like this document and its
   * other revisions opened here, reuses what an earlier one of them parsed: the validator reads the same
   * unchanged objects in every revision. `end` must be where a revision ends, after its `%%EOF`.
   */
  revision(end: number): PdfDocument {
    return PdfDocument.openShared(this.bytes, end, this.shared);
  }

  /**
   * Opens `bytes`: this revision's bytes followed by later revisions (an incremental update written
   * after a copy of them), reusing what this document parsed when the copy is exact. What the new
   * document parses stays its own: another file may follow this revision with different bytes.
   */
  appended(bytes: Uint8Array): PdfDocument {
    const end = this.end;
    const samePrefix = bytes.length >= end && Buffer.compare(Buffer.from(bytes.buffer, bytes.byteOffset, end), Buffer.from(this.bytes.buffer, this.bytes.byteOffset, end)) === 0;
    if (!samePrefix) return PdfDocument.open(bytes);
    const { objects, objectStreams, xrefStreams } = this.shared;
    return PdfDocument.openShared(bytes, bytes.length, { objects: new Map(objects), objectStreams: new Map(objectStreams), xrefStreams: new Map(xrefStreams) });
  }

  private static openShared(bytes: Uint8Array, end: number, shared: SharedParses): PdfDocument {
    const startxref = findStartxref(bytes, end);
    const sections: XrefSection[] = [];
    const document = new PdfDocument(bytes, end, sections, shared);
    const seen = new Set<number>();
    let offset: number | undefined = startxref;
    while (offset !== undefined) {
      if (seen.has(offset) || sections.length >= maxSections) throw new PdfSyntaxError('The xref /Prev chain loops.');
      seen.add(offset);
      const earlier = shared.xrefStreams.get(offset);
      const section: XrefSection = earlier && earlier.lastByteRead < end ? earlier.section : document.readSection(offset);
      sections.push(section);
      const prev = section.trailer.get('Prev');
      offset = typeof prev === 'number' ? prev : undefined;
    }
    if (!(document.trailer.get('Root') instanceof PdfRef)) throw new PdfSyntaxError('The trailer has no /Root.');
    return document;
  }

  get trailer(): PdfDict {
    return this.sections[0]!.trailer;
  }

  get lastSectionKind(): 'table' | 'stream' {
    return this.sections[0]!.kind;
  }

  /** One more than the highest object number in use. */
  get size(): number {
    let size = 0;
    for (const section of this.sections) {
      const declared = section.trailer.get('Size');
      if (typeof declared === 'number') size = Math.max(size, declared);
      for (const num of section.entries.keys()) size = Math.max(size, num + 1);
    }
    return size;
  }

  entry(num: number): XrefEntry | undefined {
    for (const section of this.sections) {
      const entry = section.entries.get(num);
      if (entry) return entry;
    }
    return undefined;
  }

  /** The generation an object is currently stored under (0 for new and compressed ones). */
  generation(num: number): number {
    const entry = this.entry(num);
    return entry?.type === 'offset' ? entry.gen : 0;
  }

  catalog(): PdfDict {
    const root = this.resolve(this.trailer.get('Root'));
    if (!(root instanceof PdfDict)) throw new PdfSyntaxError('The document catalog is not a dictionary.');
    return root;
  }

  /** Follows a reference (or returns a direct value as it is); dangling references are null. */
  resolve(value: PdfValue | undefined): PdfValue {
    if (value === undefined) return null;
    return value instanceof PdfRef ? this.object(value.num) : value;
  }

  resolveDict(value: PdfValue | undefined): PdfDict | undefined {
    const resolved = this.resolve(value);
    if (resolved instanceof PdfDict) return resolved;
    return resolved instanceof PdfStream ? resolved.dict : undefined;
  }

  resolveArray(value: PdfValue | undefined): PdfValue[] {
    const resolved = this.resolve(value);
    return Array.isArray(resolved) ? resolved : [];
  }

  object(num: number): PdfValue {
    if (this.cache.has(num)) return this.cache.get(num)!;
    this.cache.set(num, null);
    const value = this.load(num);
    this.cache.set(num, value);
    return value;
  }

  /** The byte offset of an uncompressed object, or undefined. */
  offsetOf(num: number): number | undefined {
    const entry = this.entry(num);
    return entry?.type === 'offset' ? entry.offset : undefined;
  }

  private load(num: number): PdfValue {
    const entry = this.entry(num);
    if (!entry || entry.type === 'free') return null;
    if (entry.type === 'offset') {
      const object = this.indirectObjectAt(entry.offset);
      if (object.num !== num) throw new PdfSyntaxError(`The xref points object ${num} at object ${object.num}.`);
      return object.value;
    }
    const stream = this.objectStream(entry.stream);
    const offset = stream.offsets.get(num);
    if (offset === undefined) return null;
    if (stream.values.has(num)) return stream.values.get(num)!;
    stream.parser.pos = offset;
    const value = stream.parser.parseValue();
    stream.values.set(num, value);
    return value;
  }

  parserAt(offset: number, onXrefLength?: () => void): PdfParser {
    if (offset < 0 || offset >= this.end) throw new PdfSyntaxError(`Offset ${offset} lies outside the revision.`);
    return new PdfParser(this.bytes.subarray(0, this.end), offset, (ref) => {
      onXrefLength?.();
      const length = this.object(ref.num);
      return typeof length === 'number' ? length : undefined;
    });
  }

  /** `N G obj …` at an offset, from an earlier revision's parse when one may be reused (see SharedParses). */
  private indirectObjectAt(offset: number): { num: number; value: PdfValue } {
    const earlier = this.shared.objects.get(offset);
    if (earlier && earlier.end <= this.end) return earlier;
    let askedXref = false;
    const object = this.parserAt(offset, () => (askedXref = true)).parseIndirectObject();
    const value = object.value;
    const reusable = !askedXref && (!(value instanceof PdfStream) || value.data.length === value.dict.get('Length'));
    if (reusable && (!earlier || this.end < earlier.end)) this.shared.objects.set(offset, { num: object.num, value, end: this.end });
    return object;
  }

  private objectStream(num: number): ObjectStream {
    const cached = this.objectStreams.get(num);
    if (cached) return cached;
    const entry = this.entry(num);
    if (entry?.type !== 'offset') throw new PdfSyntaxError(`Object stream ${num} is missing.`);
    const earlier = this.shared.objectStreams.get(entry.offset);
    if (earlier && earlier.end <= this.end) {
      this.objectStreams.set(num, earlier.stream);
      return earlier.stream;
    }
    const stream = this.indirectObjectAt(entry.offset).value;
    if (!(stream instanceof PdfStream) || stream.dict.name('Type') !== 'ObjStm') throw new PdfSyntaxError(`Object ${num} is not an object stream.`);
    const data = decodeStream(stream);
    const count = stream.dict.get('N');
    const first = stream.dict.get('First');
    if (typeof count !== 'number' || typeof first !== 'number') throw new PdfSyntaxError('An object stream lacks /N or /First.');
    const header = new PdfParser(data);
    const offsets = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const objectNumber = header.readInteger();
      offsets.set(objectNumber, first + header.readInteger());
    }
    const result: ObjectStream = { parser: new PdfParser(data), offsets, values: new Map() };
    this.objectStreams.set(num, result);
    // Shared only when its own parse was (the object stream is then the same bytes in a later revision).
    if (this.shared.objects.get(entry.offset)?.value === stream) this.shared.objectStreams.set(entry.offset, { stream: result, end: this.end });
    return result;
  }

  private readSection(offset: number): XrefSection {
    const parser = this.parserAt(offset);
    if (parser.peekKeyword() === 'xref') {
      const section = readXrefTable(parser, offset);
      const xrefStm = section.trailer.get('XRefStm');
      if (typeof xrefStm === 'number') {
        for (const [num, entry] of this.readXrefStream(xrefStm).entries) if (!section.entries.has(num)) section.entries.set(num, entry);
      }
      return section;
    }
    return this.readXrefStream(offset);
  }

  private readXrefStream(offset: number): XrefSection {
    const parser = this.parserAt(offset);
    const { value } = parser.parseIndirectObject();
    if (!(value instanceof PdfStream) || value.dict.name('Type') !== 'XRef') throw new PdfSyntaxError(`No xref at offset ${offset}.`);
    const dict = value.dict;
    const widths = dict.get('W');
    const size = dict.get('Size');
    if (!Array.isArray(widths) || widths.length !== 3 || !widths.every((w) => typeof w === 'number' && w >= 0 && w <= 8) || typeof size !== 'number') {
      throw new PdfSyntaxError('An xref stream has a bad /W or /Size.');
    }
    const [w0, w1, w2] = widths as number[];
    const index = dict.get('Index') ?? [0, size];
    if (!Array.isArray(index) || index.length % 2 || !index.every((n) => typeof n === 'number')) throw new PdfSyntaxError('An xref stream has a bad /Index.');
    const data = decodeStream(value);
    const rowLength = w0! + w1! + w2!;
    const entries = new Map<number, XrefEntry>();
    let row = 0;
    for (let i = 0; i < index.length; i += 2) {
      const start = index[i] as number;
      const count = index[i + 1] as number;
      for (let j = 0; j < count; j++, row++) {
        const at = row * rowLength;
        if (at + rowLength > data.length) throw new PdfSyntaxError('An xref stream is shorter than its /Index.');
        const type = w0 ? readUint(data, at, w0) : 1;
        const field2 = readUint(data, at + w0!, w1!);
        const field3 = readUint(data, at + w0! + w1!, w2!);
        if (type === 0) entries.set(start + j, { type: 'free' });
        else if (type === 1) entries.set(start + j, { type: 'offset', offset: field2, gen: field3 });
        else if (type === 2) entries.set(start + j, { type: 'compressed', stream: field2, index: field3 });
      }
    }
    const section: XrefSection = { offset, kind: 'stream', trailer: dict, entries };
    // The parse stopped after `endstream`, having looked at the byte there to end the keyword.
    if (value.data.length === dict.get('Length')) this.shared.xrefStreams.set(offset, { section, lastByteRead: parser.pos });
    return section;
  }
}

function readXrefTable(parser: PdfParser, offset: number): XrefSection {
  parser.expectKeyword('xref');
  const entries = new Map<number, XrefEntry>();
  while (parser.peekKeyword() !== 'trailer') {
    const start = parser.readInteger();
    const count = parser.readInteger();
    for (let i = 0; i < count; i++) {
      const field1 = parser.readInteger();
      const gen = parser.readInteger();
      const kind = parser.peekKeyword();
      if (kind !== 'n' && kind !== 'f') parser.fail('Bad xref entry');
      parser.pos += 1;
      if (!entries.has(start + i)) entries.set(start + i, kind === 'n' ? { type: 'offset', offset: field1, gen } : { type: 'free' });
    }
  }
  parser.expectKeyword('trailer');
  const trailer = parser.parseValue();
  if (!(trailer instanceof PdfDict)) parser.fail('The trailer is not a dictionary');
  return { offset, kind: 'table', trailer, entries };
}

function readUint(data: Uint8Array, at: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + data[at + i]!;
  return value;
}

/** The offset after `startxref` in the last kilobyte before `end`. */
export function findStartxref(bytes: Uint8Array, end = bytes.length): number {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('latin1', Math.max(0, end - 1024), end);
  const match = /startxref\s+(\d+)\s*(?:%%EOF)?\s*$/.exec(tail) ?? /startxref\s+(\d+)\s+%%EOF/.exec(tail);
  if (!match) throw new PdfSyntaxError('No startxref at the end of the file.');
  return Number(match[1]);
}

/** Decodes FlateDecode (with PNG predictors) or unfiltered stream data; the only filters xref and object streams use. */
export function decodeStream(stream: PdfStream): Uint8Array {
  const filter = stream.dict.get('Filter');
  const filters = Array.isArray(filter) ? filter : filter === undefined ? [] : [filter];
  if (filters.length === 0) return stream.data;
  if (filters.length !== 1 || (filters[0] as { name?: string }).name !== 'FlateDecode') throw new PdfUnsupportedError('Only FlateDecode streams are supported here.');
  let data: Uint8Array;
  try {
    data = inflateSync(stream.data, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    throw new PdfSyntaxError('A compressed stream does not inflate.');
  }
  const rawParams = stream.dict.get('DecodeParms');
  const params = Array.isArray(rawParams) ? rawParams[0] : rawParams;
  const predictor = params instanceof PdfDict ? params.get('Predictor') : undefined;
  if (typeof predictor !== 'number' || predictor === 1) return data;
  if (predictor < 10) throw new PdfUnsupportedError('TIFF predictors are not supported.');
  const columns = (params as PdfDict).get('Columns');
  return unpredictPng(data, typeof columns === 'number' ? columns : 1);
}

function unpredictPng(data: Uint8Array, columns: number): Uint8Array {
  if (columns < 1) throw new PdfSyntaxError('Bad predictor /Columns.');
  const rows = Math.floor(data.length / (columns + 1));
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const filter = data[r * (columns + 1)];
    const src = r * (columns + 1) + 1;
    const dst = r * columns;
    for (let c = 0; c < columns; c++) {
      const raw = data[src + c]!;
      const left = c > 0 ? out[dst + c - 1]! : 0;
      const up = r > 0 ? out[dst - columns + c]! : 0;
      const upLeft = r > 0 && c > 0 ? out[dst - columns + c - 1]! : 0;
      let value: number;
      if (filter === 0) value = raw;
      else if (filter === 1) value = raw + left;
      else if (filter === 2) value = raw + up;
      else if (filter === 3) value = raw + ((left + up) >> 1);
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        value = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else throw new PdfSyntaxError('Bad PNG predictor row.');
      out[dst + c] = value & 0xff;
    }
  }
  return out;
}
