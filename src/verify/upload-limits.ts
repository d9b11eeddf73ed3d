/**
 * Cheap checks on an uploaded PDF before it is verified: not empty, a PDF header, and a page tree
 * that declares no more pages than a certificate could have (a bound on the work a file can ask for).
 * Files the parser cannot read pass on, for the validator to call `pdf.malformed`.
 */
import { InvalidInputError } from '../errors';
import { PdfDocument } from '../pdf/pades/pdf-document';
import { TooManyPagesError } from './errors';

export const maxPdfBytes = 10 * 1024 * 1024;
export const maxPdfPages = 20;

export function checkUpload(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) throw new InvalidInputError('The upload is empty.');
  if (!Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).includes('%PDF-')) throw new InvalidInputError('The upload is not a PDF file.');
  const pages = declaredPageCount(bytes);
  if (pages !== undefined && pages > maxPdfPages) throw new TooManyPagesError(`A certificate PDF has at most ${maxPdfPages} pages; this one declares ${pages}.`, { maxPages: maxPdfPages });
  return bytes;
}

/** The /Count of the newest revision's page tree root, or undefined when the file does not say (or cannot be read). */
export function declaredPageCount(bytes: Uint8Array): number | undefined {
  try {
    const document = PdfDocument.open(bytes);
    const count = document.resolve(document.resolveDict(document.catalog().get('Pages'))?.get('Count'));
    return typeof count === 'number' && Number.isFinite(count) ? count : undefined;
  } catch {
    return undefined;
  }
}
