/**
 * Repairs the text layer of Typst's PDFs for Thai, before signing. Typst maps a cluster's glyph to the
 * whole cluster in ToUnicode and wraps some clusters in /ActualText, but it draws a raised tone mark in
 * a separate text object outside the span, so poppler reads "ตั้ตั้งใจดี" and pdf.js, which ignores
 * /ActualText, worse (typst/typst#4225, #7610). The repair gives every drawn glyph the code points it
 * stands for, one glyph occurrence at a time: where one glyph stands for different text in different
 * places (sara aa alone and as part of sara am), the occurrence gets a new CID drawing the same glyph.
 * ToUnicode then holds one entry per CID, the /ActualText spans go, and the text of every cluster is
 * read back exactly, in content order, by any extractor. The result replaces the repaired objects in the file, which is not signed yet.
 */
import { constants as zlibConstants, deflateSync } from 'node:zlib';
import { decodeStream, PdfDocument } from '../pades/pdf-document';
import { ObjectAllocator } from '../pades/incremental-update';
import { replaceObjects } from '../pades/single-revision';
import { PdfDict, PdfName, PdfRef, PdfStream, type PdfValue } from '../pades/pdf-syntax';

interface CidFont {
  /** The Type0 font's ToUnicode as Typst wrote it: CID → text (a cluster's for its first glyph). */
  toUnicode: Map<number, string>;
  descendantRef: PdfRef;
  descendant: PdfDict;
  toUnicodeRef: PdfRef;
  widths: Map<number, number>;
  /** CID → text as repaired; a CID's text is fixed once chosen. */
  repaired: Map<number, string>;
  /** `${cid}|${text}` → the extra CID drawing glyph `cid` for that text. */
  extra: Map<string, number>;
  nextCid: number;
  /** PDF/A's list of the CIDs the font program has: the new CIDs join it. */
  cidSetRef?: PdfRef;
}

interface GlyphOccurrence {
  font: CidFont;
  cid: number;
  /** The /ActualText of the enclosing span, when there is one. */
  span: { id: number; text: string } | null;
  /** Drawn after a TJ adjustment opening its text object: shifted back over an earlier glyph, as Typst draws raised marks. */
  shiftedBack: boolean;
}

/** A Tj or TJ operator: where it stands in the content, and its strings' glyphs (numbers kept as written). */
interface TextShow {
  start: number;
  end: number;
  parts: (string | GlyphOccurrence[])[];
  operator: 'Tj' | 'TJ';
}

/** For the page content: a third of the CPU of the default level for under 1 % more bytes (measured on certificates). */
const contentCompression = { level: 5, strategy: zlibConstants.Z_FILTERED };

const hexDigit = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) hexDigit['0123456789abcdef'.charCodeAt(i)] = hexDigit['0123456789ABCDEF'.charCodeAt(i)] = i;

export function repairThaiTextLayer(pdf: Uint8Array): Uint8Array {
  const document = PdfDocument.open(pdf);
  const fonts = new Map<string, CidFont>();
  const changed = new Map<number, PdfValue>();
  for (const page of pages(document)) {
    const resources = document.resolveDict(page.get('Resources'));
    const fontDict = document.resolveDict(resources?.get('Font'));
    const contents = page.get('Contents');
    if (!fontDict || !(contents instanceof PdfRef)) continue;
    const pageFonts = new Map<string, CidFont>();
    for (const [name, ref] of fontDict.entries) {
      if (!(ref instanceof PdfRef)) continue;
      const key = `${ref.num}`;
      const font = fonts.get(key) ?? readCidFont(document, ref);
      if (!font) continue;
      fonts.set(key, font);
      pageFonts.set(name, font);
    }
    const stream = document.object(contents.num);
    if (!(stream instanceof PdfStream) || pageFonts.size === 0) continue;
    const content = latin1(decodeStream(stream));
    const shows = textShows(content, pageFonts);
    const occurrences: GlyphOccurrence[] = [];
    for (const show of shows) for (const part of show.parts) if (typeof part !== 'string') occurrences.push(...part);
    if (!occurrences.some((o) => o.span !== null)) continue;
    for (const cluster of clusters(occurrences)) assignCluster(cluster);
    const withoutActualText = rewriteShows(content, shows).replace(/\/ActualText\s*<[0-9A-Fa-f\s]*>/g, '');
    const dict = stream.dict.clone().set('Filter', new PdfName('FlateDecode'));
    dict.entries.delete('DecodeParms');
    const data = deflateSync(Buffer.from(withoutActualText, 'latin1'), contentCompression);
    changed.set(contents.num, new PdfStream(dict.set('Length', data.length), data));
  }
  if (changed.size === 0) return pdf;
  const allocator = new ObjectAllocator(document);
  for (const font of new Set(fonts.values())) {
    if (font.repaired.size === 0) continue;
    changed.set(font.toUnicodeRef.num, toUnicodeStream(font));
    if (font.extra.size > 0) changed.set(font.descendantRef.num, withExtraCids(document, font, allocator, changed));
  }
  const bytes = replaceObjects(document, changed, allocator);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function pages(document: PdfDocument): PdfDict[] {
  const found: PdfDict[] = [];
  const visit = (node: PdfDict | undefined, depth: number) => {
    if (!node || depth > 32) return;
    if (node.name('Type') === 'Page') found.push(node);
    for (const kid of document.resolveArray(node.get('Kids'))) visit(document.resolveDict(kid), depth + 1);
  };
  visit(document.resolveDict(document.catalog().get('Pages')), 0);
  return found;
}

function readCidFont(document: PdfDocument, ref: PdfRef): CidFont | undefined {
  const font = document.resolveDict(ref);
  if (font?.name('Subtype') !== 'Type0' || font.name('Encoding') !== 'Identity-H') return undefined;
  const toUnicodeRef = font.get('ToUnicode');
  const descendantRef = document.resolveArray(font.get('DescendantFonts'))[0];
  if (!(toUnicodeRef instanceof PdfRef) || !(descendantRef instanceof PdfRef)) return undefined;
  const descendant = document.resolveDict(descendantRef);
  const cmap = document.object(toUnicodeRef.num);
  if (!descendant || !(cmap instanceof PdfStream) || descendant.name('CIDToGIDMap') !== 'Identity') return undefined;
  const toUnicode = parseToUnicode(latin1(decodeStream(cmap)));
  const widths = parseWidths(document.resolveArray(descendant.get('W')).map((v) => document.resolve(v)));
  const descriptor = document.resolveDict(descendant.get('FontDescriptor'));
  const program = document.resolve(descriptor?.get('FontFile2'));
  if (!(program instanceof PdfStream)) return undefined;
  // New CIDs start above every glyph of the font program (CIDs are glyph ids under an Identity map).
  const nextCid = Math.max(glyphCount(decodeStream(program)), ...toUnicode.keys(), ...widths.keys()) + 1;
  const cidSet = descriptor?.get('CIDSet');
  return { toUnicode, descendantRef, descendant, toUnicodeRef, widths, repaired: new Map(), extra: new Map(), nextCid, cidSetRef: cidSet instanceof PdfRef ? cidSet : undefined };
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** numGlyphs from a TrueType font's maxp table. */
function glyphCount(font: Uint8Array): number {
  const view = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
  const tables = view.readUInt16BE(4);
  for (let i = 0; i < tables; i++) {
    const record = 12 + i * 16;
    if (view.toString('latin1', record, record + 4) === 'maxp') return view.readUInt16BE(view.readUInt32BE(record + 8) + 4);
  }
  return 0;
}

function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([^]*?)endbfchar/g)) {
    for (const [, code, text] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) map.set(parseInt(code!, 16), utf16(text!));
  }
  for (const block of cmap.matchAll(/beginbfrange([^]*?)endbfrange/g)) {
    for (const [, low, high, start] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const first = utf16(start!);
      for (let cid = parseInt(low!, 16), i = 0; cid <= parseInt(high!, 16); cid++, i++) map.set(cid, first.slice(0, -1) + String.fromCharCode(first.charCodeAt(first.length - 1) + i));
    }
  }
  return map;
}

/** UTF-16BE hex digits as text (four digits a code unit). */
function utf16(hex: string): string {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) {
    text += String.fromCharCode((hexDigit[hex.charCodeAt(i)]! << 12) | (hexDigit[hex.charCodeAt(i + 1)]! << 8) | (hexDigit[hex.charCodeAt(i + 2)]! << 4) | hexDigit[hex.charCodeAt(i + 3)]!);
  }
  return text;
}

function parseWidths(w: PdfValue[]): Map<number, number> {
  const widths = new Map<number, number>();
  for (let i = 0; i < w.length; ) {
    const first = w[i] as number;
    const next = w[i + 1];
    if (Array.isArray(next)) {
      next.forEach((width, k) => widths.set(first + k, width as number));
      i += 2;
    } else {
      for (let cid = first; cid <= (next as number); cid++) widths.set(cid, w[i + 2] as number);
      i += 3;
    }
  }
  return widths;
}

const pdfString = String.raw`\((?:[^()\\]|\\[^])*\)|<[0-9A-Fa-f\s]*>`;
const contentToken = new RegExp(String.raw`\/ActualText\s*<([0-9A-Fa-f\s]*)>|\b(BDC|BMC|EMC)\b|\/([^\s/<>[\]()]+)\s+[-\d.]+\s+Tf\b|\[((?:${pdfString}|[^\]()<])*)\]\s*TJ\b|(${pdfString})\s*Tj\b`, 'g');

/** Every Tj and TJ drawn with a CID font, in content order, each glyph with the /ActualText span around it. */
function textShows(content: string, fonts: Map<string, CidFont>): TextShow[] {
  const shows: TextShow[] = [];
  /** Per open marked-content sequence, the innermost /ActualText span around it (its own or an outer one). */
  const spans: GlyphOccurrence['span'][] = [];
  let pendingActualText: string | null = null;
  let spanCount = 0;
  let font: CidFont | undefined;
  contentToken.lastIndex = 0;
  for (let match = contentToken.exec(content); match; match = contentToken.exec(content)) {
    const [whole, actualText, marked, fontName, array, single] = match;
    if (actualText !== undefined) pendingActualText = utf16(actualText.replace(/\s/g, '').replace(/^feff/i, ''));
    else if (marked === 'BDC' || marked === 'BMC') {
      spans.push(pendingActualText === null ? (spans[spans.length - 1] ?? null) : { id: spanCount++, text: pendingActualText });
      pendingActualText = null;
    } else if (marked === 'EMC') spans.pop();
    else if (fontName !== undefined) font = fonts.get(fontName);
    else if (font) {
      shows.push({ start: match.index, end: match.index + whole.length, parts: showParts(array ?? single!, font, spans[spans.length - 1] ?? null), operator: array !== undefined ? 'TJ' : 'Tj' });
    }
  }
  return shows;
}

/** The operands of one show, split into strings (as glyphs) and what lies between them (kept as written, stray `>` dropped). */
function showParts(operands: string, font: CidFont, span: GlyphOccurrence['span']): TextShow['parts'] {
  const parts: TextShow['parts'] = [];
  let i = 0;
  while (i < operands.length) {
    const c = operands[i];
    if (c === '>') {
      i++;
      continue;
    }
    if (c !== '<' && c !== '(') {
      const start = i;
      while (i < operands.length && operands[i] !== '<' && operands[i] !== '(' && operands[i] !== '>') i++;
      parts.push(operands.slice(start, i));
      continue;
    }
    const end = c === '<' ? operands.indexOf('>', i) + 1 : literalStringEnd(operands, i);
    const cids = c === '<' ? hexCids(operands, i + 1, end - 1) : literalCids(operands, i, end);
    const shiftedBack = parts.length === 1 && Number(parts[0]) !== 0 && Number.isFinite(Number(parts[0]));
    parts.push(cids.map((cid) => ({ font, cid, span, shiftedBack })));
    i = end;
  }
  return parts;
}

/** Two-byte codes of a hex string's digits from `start` to `end`; whitespace skipped, an incomplete last code dropped. */
function hexCids(text: string, start: number, end: number): number[] {
  const cids: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const digit = hexDigit[text.charCodeAt(i)] ?? -1;
    if (digit < 0) continue;
    value = (value << 4) | digit;
    if (++digits === 4) {
      cids.push(value);
      value = 0;
      digits = 0;
    }
  }
  return cids;
}

/** The offset after the literal string `(…)` opening at `start`: its first unescaped `)` (the token pattern allows no nesting). */
function literalStringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ')') return i + 1;
  }
  return text.length;
}

const literalEscapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };

/** The two-byte codes of the literal string `(…)` from `start` to `end` (escapes as ISO 32000-2 §7.3.4.2 has them), an odd last byte dropped. */
function literalCids(text: string, start: number, end: number): number[] {
  const bytes: number[] = [];
  for (let i = start + 1; i < end - 1; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x5c) {
      bytes.push(c & 0xff);
      continue;
    }
    const escape = text[++i]!;
    if (escape >= '0' && escape <= '7') {
      let value = 0;
      for (let digits = 0; digits < 3 && text[i]! >= '0' && text[i]! <= '7'; digits++, i++) value = value * 8 + text.charCodeAt(i) - 48;
      bytes.push(value & 0xff);
      i--;
    } else if (escape === '\r') {
      if (text[i + 1] === '\n') i++;
    } else if (escape !== '\n') bytes.push(literalEscapes[escape] ?? escape.charCodeAt(0) & 0xff);
  }
  const cids: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) cids.push((bytes[i]! << 8) | bytes[i + 1]!);
  return cids;
}

function rewriteShows(content: string, shows: TextShow[]): string {
  const out: string[] = [];
  let position = 0;
  for (const show of shows) {
    out.push(content.slice(position, show.start));
    let operands = '';
    for (const part of show.parts) {
      if (typeof part === 'string') operands += part;
      else {
        operands += '<';
        for (const glyph of part) operands += hex4(glyph.cid);
        operands += '>';
      }
    }
    out.push(show.operator === 'TJ' ? `[${operands}] TJ` : `${operands} Tj`);
    position = show.end;
  }
  out.push(content.slice(position));
  return out.join('');
}

/**
 * Groups glyph occurrences into clusters with their text: the glyphs of one /ActualText span, joined by
 * a glyph drawn next that repeats the cluster's text (in ToUnicode or its own span) and is either
 * shifted back over it or has no span of its own: Typst's raised marks. Any other glyph is a cluster of
 * its own with its ToUnicode text.
 */
function clusters(occurrences: GlyphOccurrence[]): { text: string; glyphs: GlyphOccurrence[] }[] {
  const result: { text: string; glyphs: GlyphOccurrence[]; spanId: number | null }[] = [];
  for (const occurrence of occurrences) {
    const last = result[result.length - 1];
    const typstText = occurrence.font.toUnicode.get(occurrence.cid) ?? '';
    const ownText = occurrence.span?.text ?? typstText;
    const raisedMark = last?.spanId != null && ownText === last.text && (occurrence.shiftedBack || !occurrence.span) && [...ownText].length > 1;
    if (occurrence.span && last?.spanId === occurrence.span.id) last.glyphs.push(occurrence);
    else if (raisedMark) {
      last!.glyphs.push(occurrence);
      if (occurrence.span) last!.spanId = occurrence.span.id;
    } else result.push({ text: ownText, glyphs: [occurrence], spanId: occurrence.span?.id ?? null });
  }
  return result;
}

/** Shares the cluster's code points out over its glyphs in order (Thai shaping keeps logical order), the last glyph taking any rest. */
function assignCluster({ text, glyphs }: { text: string; glyphs: GlyphOccurrence[] }): void {
  if (glyphs.length === 1) {
    glyphs[0]!.cid = cidFor(glyphs[0]!.font, glyphs[0]!.cid, text);
    return;
  }
  const codePoints = [...text];
  glyphs.forEach((glyph, index) => {
    const own = index === glyphs.length - 1 ? codePoints.slice(index).join('') : (codePoints[index] ?? '');
    glyph.cid = cidFor(glyph.font, glyph.cid, own);
  });
}

function cidFor(font: CidFont, cid: number, text: string): number {
  const current = font.repaired.get(cid);
  if (current === undefined) {
    font.repaired.set(cid, text);
    return cid;
  }
  if (current === text) return cid;
  const key = `${cid}|${text}`;
  let extra = font.extra.get(key);
  if (extra === undefined) {
    extra = font.nextCid++;
    font.extra.set(key, extra);
    font.repaired.set(extra, text);
  }
  return extra;
}

const hexByte = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex4(cid: number): string {
  return hexByte[(cid >> 8) & 0xff]! + hexByte[cid & 0xff]!;
}

/** Text as UTF-16BE in upper-case hex digits. */
function utf16Hex(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += hex4(text.charCodeAt(i)).toUpperCase();
  return hex;
}

function toUnicodeStream(font: CidFont): PdfStream {
  const entries = [...font.repaired].filter(([, text]) => text.length > 0).sort((a, b) => a[0] - b[0]);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.map(([cid, text]) => `<${hex4(cid)}> <${utf16Hex(text)}>`).join('\n')}\nendbfchar`);
  }
  const cmap = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
  const data = deflateSync(Buffer.from(cmap, 'latin1'));
  return new PdfStream(new PdfDict().set('Filter', new PdfName('FlateDecode')).set('Length', data.length), data);
}

/** The CIDFont with the extra CIDs: their widths, and a CIDToGIDMap sending each to the glyph it copies. */
function withExtraCids(document: PdfDocument, font: CidFont, allocator: ObjectAllocator, changed: Map<number, PdfValue>): PdfDict {
  const gids = new Uint8Array(font.nextCid * 2);
  for (let cid = 0; cid < font.nextCid; cid++) gids.set([cid >> 8, cid & 0xff], cid * 2);
  const extraWidths: PdfValue[] = [];
  for (const [key, extra] of font.extra) {
    const gid = Number(key.slice(0, key.indexOf('|')));
    gids.set([gid >> 8, gid & 0xff], extra * 2);
    extraWidths.push(extra, [font.widths.get(gid) ?? 0]);
  }
  const mapData = deflateSync(gids);
  const mapNum = allocator.allocate();
  changed.set(mapNum, new PdfStream(new PdfDict().set('Filter', new PdfName('FlateDecode')).set('Length', mapData.length), mapData));
  if (font.cidSetRef) {
    const present = Buffer.alloc(Math.ceil(font.nextCid / 8));
    const old = document.object(font.cidSetRef.num);
    if (old instanceof PdfStream) Buffer.from(decodeStream(old)).copy(present);
    for (const extra of font.extra.values()) present[extra >> 3]! |= 0x80 >> (extra & 7);
    const setData = deflateSync(present);
    changed.set(font.cidSetRef.num, new PdfStream(new PdfDict().set('Filter', new PdfName('FlateDecode')).set('Length', setData.length), setData));
  }
  const widths = document.resolveArray(font.descendant.get('W')).map((v) => document.resolve(v));
  return font.descendant
    .clone()
    .set('CIDToGIDMap', new PdfRef(mapNum, 0))
    .set('W', [...widths, ...extraWidths]);
}
