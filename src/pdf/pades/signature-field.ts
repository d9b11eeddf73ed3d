/**
 * Adds a signature field with its widget and a signature dictionary by incremental update, lays out
 * the /ByteRange and /Contents placeholders, and fills /Contents with whatever the caller builds over
 * the digest of the signed bytes (a CMS signature or an RFC 3161 time-stamp token).
 */
import { createHash } from 'node:crypto';
import { PdfSigningError, PdfSyntaxError, SignatureReserveTooSmallError } from './errors';
import { appendRevision, ObjectAllocator } from './incremental-update';
import type { PdfDocument } from './pdf-document';
import { PdfDict, PdfName, PdfRaw, PdfRef, PdfStream, PdfString, type PdfValue } from './pdf-syntax';

export interface VisibleAppearance {
  /** Zero-based page index. */
  page?: number;
  /** [x1, y1, x2, y2] in default user space. */
  rect: [number, number, number, number];
  /** Lines of text drawn in Helvetica; characters outside Latin-1 print as '?'. */
  lines: string[];
}

export interface SignatureFieldOptions {
  kind: 'signature' | 'timestamp';
  /** Bytes reserved for /Contents (the DER container, before hex encoding). */
  reserve: number;
  /** Builds /Contents from the SHA-256 of the ByteRange bytes. */
  contents: (digest: Uint8Array) => Promise<Uint8Array>;
  /** Certification signature with DocMDP /P (only for the first signature). */
  docMdp?: 1 | 2 | 3;
  appearance?: VisibleAppearance;
  signingTime?: Date;
}

const byteRangePlaceholder = '[0 ********** ********** **********]';
const contentsKey = '/Contents <';

export async function addSignatureField(document: PdfDocument, options: SignatureFieldOptions): Promise<Buffer> {
  const allocator = new ObjectAllocator(document);
  const objects = new Map<number, PdfValue>();
  const catalogRef = document.trailer.get('Root') as PdfRef;
  const catalog = document.catalog().clone();
  let catalogChanged = false;

  const pageRef = pageReference(document, options.appearance?.page ?? 0);
  const sigNum = allocator.allocate();
  const fieldNum = allocator.allocate();
  const sigDict = signatureDictionary(options);
  if (options.docMdp) {
    if (catalog.get('Perms') !== undefined) throw new PdfSigningError('The document already carries a certification signature.');
    catalog.set('Perms', new PdfDict().set('DocMDP', new PdfRef(sigNum, 0)));
    catalogChanged = true;
  }
  objects.set(sigNum, sigDict);

  const existingFields = document.resolveArray(document.resolveDict(catalog.get('AcroForm'))?.get('Fields'));
  const prefix = options.kind === 'timestamp' ? 'Timestamp' : 'Signature';
  const names = new Set(existingFields.map((field) => document.resolveDict(field)?.get('T')).map((t) => (t instanceof PdfString ? t.text : '')));
  let n = 1;
  while (names.has(`${prefix}${n}`)) n++;
  const field = new PdfDict()
    .set('Type', new PdfName('Annot'))
    .set('Subtype', new PdfName('Widget'))
    .set('FT', new PdfName('Sig'))
    .set('T', PdfString.latin1(`${prefix}${n}`))
    .set('V', new PdfRef(sigNum, 0))
    .set('F', 132)
    .set('P', pageRef)
    .set('Rect', options.appearance?.rect ?? [0, 0, 0, 0]);
  if (options.appearance) {
    const apNum = allocator.allocate();
    objects.set(apNum, appearanceStream(options.appearance));
    field.set('AP', new PdfDict().set('N', new PdfRef(apNum, 0)));
  }
  objects.set(fieldNum, field);
  const fieldRef = new PdfRef(fieldNum, 0);

  addToArrayEntry(document, objects, pageRef, 'Annots', fieldRef);

  const acroFormValue = catalog.get('AcroForm');
  if (acroFormValue instanceof PdfRef && document.resolve(acroFormValue) instanceof PdfDict) {
    addToArrayEntry(document, objects, acroFormValue, 'Fields', fieldRef, (dict) => dict.set('SigFlags', 3));
  } else {
    const acroForm = (document.resolveDict(acroFormValue)?.clone() ?? new PdfDict()).set('Fields', [...existingFields, fieldRef]).set('SigFlags', 3);
    const acroFormNum = allocator.allocate();
    objects.set(acroFormNum, acroForm);
    catalog.set('AcroForm', new PdfRef(acroFormNum, 0));
    catalogChanged = true;
  }
  if (catalogChanged) objects.set(catalogRef.num, catalog);

  const update = appendRevision(document, objects, allocator);
  return fillSignature(update.bytes, update.start, options);
}

function signatureDictionary(options: SignatureFieldOptions): PdfDict {
  const timestamp = options.kind === 'timestamp';
  const dict = new PdfDict()
    .set('Type', new PdfName(timestamp ? 'DocTimeStamp' : 'Sig'))
    .set('Filter', new PdfName('Adobe.PPKLite'))
    .set('SubFilter', new PdfName(timestamp ? 'ETSI.RFC3161' : 'ETSI.CAdES.detached'))
    .set('ByteRange', new PdfRaw(byteRangePlaceholder))
    .set('Contents', new PdfRaw(`<${'0'.repeat(options.reserve * 2)}>`));
  if (!timestamp) dict.set('M', PdfString.latin1(pdfDate(options.signingTime ?? new Date())));
  if (options.docMdp) {
    const params = new PdfDict().set('Type', new PdfName('TransformParams')).set('P', options.docMdp).set('V', new PdfName('1.2'));
    dict.set('Reference', [
      new PdfDict().set('Type', new PdfName('SigRef')).set('TransformMethod', new PdfName('DocMDP')).set('TransformParams', params),
    ]);
  }
  return dict;
}

async function fillSignature(bytes: Buffer, start: number, options: SignatureFieldOptions): Promise<Buffer> {
  // The signature dictionary writes /ByteRange, then /Contents; nothing else in the revision spells the placeholder.
  const rangeAt = bytes.indexOf(byteRangePlaceholder, start, 'latin1');
  const contentsKeyAt = rangeAt < 0 ? -1 : bytes.indexOf(contentsKey, rangeAt, 'latin1');
  const contentsAt = contentsKeyAt + contentsKey.length - 1;
  const gapEnd = contentsAt + options.reserve * 2 + 2;
  if (contentsKeyAt < 0 || bytes[gapEnd - 1] !== 0x3e) throw new PdfSigningError('The signature placeholders were not written.');
  const range = `[0 ${contentsAt} ${gapEnd} ${bytes.length - gapEnd}]`;
  if (range.length > byteRangePlaceholder.length) throw new PdfSigningError('The file is too large for the /ByteRange placeholder.');
  bytes.write(range.padEnd(byteRangePlaceholder.length, ' '), rangeAt, 'latin1');
  const digest = createHash('sha256').update(bytes.subarray(0, contentsAt)).update(bytes.subarray(gapEnd)).digest();
  const contents = await options.contents(digest);
  if (contents.length > options.reserve) throw new SignatureReserveTooSmallError(contents.length, options.reserve);
  bytes.write(Buffer.from(contents).toString('hex'), contentsAt + 1, 'latin1');
  return bytes;
}

/** Adds `item` to an array entry of the dictionary `owner`, rewriting whichever object holds the array. */
function addToArrayEntry(document: PdfDocument, objects: Map<number, PdfValue>, owner: PdfRef, key: string, item: PdfRef, adjust?: (dict: PdfDict) => void): void {
  const ownerValue = objects.get(owner.num) ?? document.resolve(owner);
  if (!(ownerValue instanceof PdfDict)) throw new PdfSyntaxError(`Object ${owner.num} is not a dictionary.`);
  const dict = ownerValue.clone();
  const current = dict.get(key);
  if (current instanceof PdfRef && Array.isArray(document.resolve(current))) {
    objects.set(current.num, [...document.resolveArray(current), item]);
  } else {
    dict.set(key, [...document.resolveArray(current), item]);
  }
  adjust?.(dict);
  objects.set(owner.num, dict);
}

/** The reference of the page at `index`, walking the page tree. */
export function pageReference(document: PdfDocument, index: number): PdfRef {
  let node = document.catalog().get('Pages');
  let remaining = index;
  for (let depth = 0; depth < 64; depth++) {
    const dict = document.resolveDict(node);
    if (!(node instanceof PdfRef) || !dict) break;
    if (dict.name('Type') === 'Page' || !dict.get('Kids')) {
      if (remaining === 0) return node;
      break;
    }
    let next: PdfValue | undefined;
    for (const kid of document.resolveArray(dict.get('Kids'))) {
      const kidDict = document.resolveDict(kid);
      const count = kidDict?.name('Type') === 'Pages' ? kidDict.get('Count') : 1;
      const pages = typeof count === 'number' ? count : 1;
      if (remaining < pages) {
        next = kid;
        break;
      }
      remaining -= pages;
    }
    node = next;
  }
  throw new PdfSyntaxError(`The document has no page ${index + 1}.`);
}

function appearanceStream(appearance: VisibleAppearance): PdfStream {
  const [x1, y1, x2, y2] = appearance.rect;
  const width = Math.abs(x2 - x1);
  const height = Math.abs(y2 - y1);
  const escape = (line: string) => line.replace(/[^\x20-\x7e\xa0-\xff]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
  const text = appearance.lines.map((line, i) => `${i === 0 ? `4 ${height - 12} Td` : '0 -10 Td'} (${escape(line)}) Tj`).join(' ');
  const content = `q 0.1 0.3 0.6 RG 1 w 0.5 0.5 ${width - 1} ${height - 1} re S BT /Helv 8 Tf ${text} ET Q`;
  const font = new PdfDict()
    .set('Type', new PdfName('Font'))
    .set('Subtype', new PdfName('Type1'))
    .set('BaseFont', new PdfName('Helvetica'))
    .set('Encoding', new PdfName('WinAnsiEncoding'));
  const dict = new PdfDict()
    .set('Type', new PdfName('XObject'))
    .set('Subtype', new PdfName('Form'))
    .set('BBox', [0, 0, width, height])
    .set('Resources', new PdfDict().set('Font', new PdfDict().set('Helv', font)));
  return new PdfStream(dict, Buffer.from(content, 'latin1'));
}

function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}
