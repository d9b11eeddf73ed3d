/**
 * Reads the certificate's JSON that issuance embeds as an associated file (catalog /AF, or the
 * /EmbeddedFiles name tree), so a verifier learns the document id from the PDF itself.
 * Returns undefined for anything it cannot read; it never throws.
 */
import { decodeStream, PdfDocument } from '../pdf/pades/pdf-document';
import { PdfDict, PdfStream, PdfString, type PdfValue } from '../pdf/pades/pdf-syntax';

const maxJsonBytes = 256 * 1024;

export function readEmbeddedJson(pdf: Uint8Array): Record<string, unknown> | undefined {
  try {
    const document = PdfDocument.open(pdf);
    const catalog = document.catalog();
    for (const fileSpec of fileSpecs(document, catalog)) {
      const name = fileName(fileSpec);
      const embedded = document.resolveDict(fileSpec.get('EF'));
      const stream = document.resolve(embedded?.get('F') ?? embedded?.get('UF'));
      if (!(stream instanceof PdfStream) || !name.toLowerCase().endsWith('.json')) continue;
      const bytes = decodeStream(stream);
      if (bytes.length > maxJsonBytes) continue;
      const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function* fileSpecs(document: PdfDocument, catalog: PdfDict): Generator<PdfDict> {
  for (const value of document.resolveArray(catalog.get('AF'))) {
    const spec = document.resolveDict(value);
    if (spec) yield spec;
  }
  const names = document.resolveDict(document.resolveDict(catalog.get('Names'))?.get('EmbeddedFiles'));
  if (!names) return;
  yield* nameTreeValues(document, names, 0);
}

function* nameTreeValues(document: PdfDocument, node: PdfDict, depth: number): Generator<PdfDict> {
  if (depth > 8) return;
  const pairs = document.resolveArray(node.get('Names'));
  for (let i = 1; i < pairs.length; i += 2) {
    const spec = document.resolveDict(pairs[i] as PdfValue);
    if (spec) yield spec;
  }
  for (const kid of document.resolveArray(node.get('Kids'))) {
    const child = document.resolveDict(kid);
    if (child) yield* nameTreeValues(document, child, depth + 1);
  }
}

function fileName(spec: PdfDict): string {
  const name = spec.get('UF') ?? spec.get('F');
  return name instanceof PdfString ? name.text : '';
}
