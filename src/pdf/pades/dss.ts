/** The Document Security Store (ETSI EN 319 142-1 §5.4): certificates, OCSP responses and CRLs added by incremental update for B-LT. */
import { equalBytes } from './certificate';
import { appendRevision, ObjectAllocator } from './incremental-update';
import type { PdfDocument } from './pdf-document';
import { PdfDict, PdfRef, PdfStream, type PdfValue } from './pdf-syntax';

export interface ValidationData {
  certificates: Uint8Array[];
  ocsps: Uint8Array[];
  crls: Uint8Array[];
}

/** Appends a revision whose catalog carries a /DSS holding `data` plus whatever an earlier DSS held. */
export function addDss(document: PdfDocument, data: ValidationData): Buffer {
  const allocator = new ObjectAllocator(document);
  const objects = new Map<number, PdfValue>();
  const catalogRef = document.trailer.get('Root') as PdfRef;
  const catalog = document.catalog().clone();
  const previous = document.resolveDict(catalog.get('DSS'));
  const dss = previous?.clone() ?? new PdfDict();
  const add = (key: string, items: Uint8Array[]) => {
    const refs = [...document.resolveArray(previous?.get(key))];
    const held = refs.map((ref) => document.resolve(ref)).flatMap((value) => (value instanceof PdfStream ? [value.data] : []));
    for (const item of items) {
      if (held.some((data) => equalBytes(data, item))) continue;
      held.push(item);
      const num = allocator.allocate();
      objects.set(num, new PdfStream(new PdfDict(), item));
      refs.push(new PdfRef(num, 0));
    }
    if (refs.length) dss.set(key, refs);
  };
  add('Certs', data.certificates);
  add('OCSPs', data.ocsps);
  add('CRLs', data.crls);
  const dssNum = allocator.allocate();
  objects.set(dssNum, dss);
  catalog.set('DSS', new PdfRef(dssNum, 0));
  objects.set(catalogRef.num, catalog);
  return appendRevision(document, objects, allocator).bytes;
}
