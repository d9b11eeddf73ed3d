/**
 * Classifies what the revisions after a signature changed, by comparing the object graph reachable
 * from the catalog as signed with the one a viewer shows now. Allowed: a DSS, new signature and
 * document time-stamp fields with their widgets, a value for an empty signature field, form values
 * (DocMDP P ≥ 2). Anything else reachable (page content, pages, other annotations, resources,
 * catalog entries, objects shadowed by a later xref) is disallowed.
 */
import type { PdfDocument } from './pdf-document';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from './pdf-syntax';

export type Modifications = 'none' | 'allowed' | 'disallowed';

/** Catalog entries a later revision may set: the form (checked field by field) and the DSS. */
const catalogFreeKeys = new Set(['AcroForm', 'DSS']);
const acroFormFreeKeys = new Set(['Fields', 'SigFlags']);

export function classifyChanges(signed: PdfDocument, current: PdfDocument, docMdpP: number | undefined): Modifications {
  if (signed.end === current.end) return 'none';
  const comparison = new GraphComparison(signed, current, docMdpP ?? 3);
  return comparison.documentsAgree() ? 'allowed' : 'disallowed';
}

class GraphComparison {
  private readonly visited = new Set<string>();

  constructor(
    private readonly before: PdfDocument,
    private readonly after: PdfDocument,
    private readonly permission: number,
  ) {}

  documentsAgree(): boolean {
    if (this.after.trailer.get('Encrypt') !== undefined) return false;
    const oldCatalog = this.before.catalog();
    const newCatalog = this.after.catalog();
    const keys = new Set([...oldCatalog.entries.keys(), ...newCatalog.entries.keys()]);
    for (const key of keys) {
      if (catalogFreeKeys.has(key)) continue;
      if (!this.equal(oldCatalog.get(key), newCatalog.get(key))) return false;
    }
    return this.formAgrees(oldCatalog.get('AcroForm'), newCatalog.get('AcroForm'));
  }

  private formAgrees(oldValue: PdfValue | undefined, newValue: PdfValue | undefined): boolean {
    const oldForm = this.before.resolveDict(oldValue) ?? new PdfDict();
    const newForm = this.after.resolveDict(newValue) ?? new PdfDict();
    for (const key of new Set([...oldForm.entries.keys(), ...newForm.entries.keys()])) {
      if (!acroFormFreeKeys.has(key) && !this.equal(oldForm.get(key), newForm.get(key))) return false;
    }
    const oldFields = this.before.resolveArray(oldForm.get('Fields'));
    const newFields = this.after.resolveArray(newForm.get('Fields'));
    if (newFields.length < oldFields.length) return false;
    for (const [i, field] of oldFields.entries()) {
      if (!this.fieldAgrees(field, newFields[i])) return false;
    }
    for (const field of newFields.slice(oldFields.length)) {
      if (!(field instanceof PdfRef) || !this.isNewSignatureField(field)) return false;
    }
    return true;
  }

  /** A new field may only be a signature field (P = 1 forbids even that). */
  private isNewSignatureField(ref: PdfRef): boolean {
    if (this.permission < 2 || this.before.entry(ref.num)?.type === 'offset' || this.before.entry(ref.num)?.type === 'compressed') return false;
    const field = this.after.resolveDict(ref);
    return field?.name('FT') === 'Sig' && field.get('Kids') === undefined;
  }

  /** An existing field stays, except that an empty signature field may be signed and form values filled in. */
  private fieldAgrees(oldValue: PdfValue | undefined, newValue: PdfValue | undefined): boolean {
    if (!(oldValue instanceof PdfRef) || !(newValue instanceof PdfRef) || oldValue.num !== newValue.num) return this.equal(oldValue, newValue);
    const oldField = this.before.resolveDict(oldValue);
    const newField = this.after.resolveDict(newValue);
    if (!oldField || !newField) return this.equal(oldValue, newValue);
    const signatureField = oldField.name('FT') === 'Sig';
    for (const key of new Set([...oldField.entries.keys(), ...newField.entries.keys()])) {
      const same = this.equal(oldField.get(key), newField.get(key));
      if (same) continue;
      const fillable = signatureField ? (key === 'V' || key === 'AP') && oldField.get('V') === undefined : (key === 'V' || key === 'AS') && this.permission >= 2;
      if (!fillable) return false;
    }
    this.visited.add(`${oldValue.num}:${newValue.num}`);
    return true;
  }

  /** Deep equality through references; a pair of objects already under comparison counts as equal (cycles). */
  equal(a: PdfValue | undefined, b: PdfValue | undefined): boolean {
    if (a instanceof PdfRef || b instanceof PdfRef) {
      if (a instanceof PdfRef && b instanceof PdfRef) {
        const key = `${a.num}:${b.num}`;
        if (this.visited.has(key)) return true;
        this.visited.add(key);
        if (a.num === b.num && this.sameStorage(a.num)) {
          // Both revisions read the same bytes, so the value is one parse; only references inside it can still differ.
          const value = this.before.resolve(a);
          return this.equal(value, value);
        }
      }
      return this.equal(a instanceof PdfRef ? this.before.resolve(a) : a, b instanceof PdfRef ? this.after.resolve(b) : b);
    }
    if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
    if (typeof a !== 'object' || typeof b !== 'object') return a === b;
    if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
    if (a instanceof PdfString) return b instanceof PdfString && (a === b || Buffer.from(a.bytes).equals(Buffer.from(b.bytes)));
    // One parse on both sides (long font width arrays): only the nested containers and references need a look.
    if (a === b && Array.isArray(a)) return a.every((item) => item === null || typeof item !== 'object' || this.equal(item, item));
    if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => this.equal(item, b[i]));
    if (a instanceof PdfStream) return b instanceof PdfStream && (a === b || Buffer.from(a.data).equals(Buffer.from(b.data))) && this.equal(a.dict, b.dict);
    if (a instanceof PdfDict && b instanceof PdfDict) {
      if (a.name('Type') === 'Page' || b.name('Type') === 'Page') return this.pageEqual(a, b);
      if (a.entries.size !== b.entries.size) return false;
      for (const [key, value] of a.entries) if (!this.equal(value, b.get(key))) return false;
      return true;
    }
    return false;
  }

  /**
   * Whether both revisions read object `num` from the same signed bytes: an unchanged xref entry, or an
   * unchanged place in an object stream that itself is unchanged and has a direct /Length. (An indirect
   * /Length of an uncompressed stream needs no such care: it is a reference in the value, compared like any.)
   */
  private sameStorage(num: number): boolean {
    const old = this.before.entry(num);
    const now = this.after.entry(num);
    if (old?.type === 'offset') return now?.type === 'offset' && now.offset === old.offset && now.gen === old.gen;
    if (old?.type !== 'compressed' || now?.type !== 'compressed' || now.stream !== old.stream || now.index !== old.index) return false;
    const oldStream = this.before.entry(old.stream);
    const newStream = this.after.entry(old.stream);
    if (oldStream?.type !== 'offset' || newStream?.type !== 'offset' || oldStream.offset !== newStream.offset) return false;
    const objectStream = this.before.object(old.stream);
    return objectStream instanceof PdfStream && typeof objectStream.dict.get('Length') === 'number';
  }

  /** A page may only gain widgets of new signature fields in /Annots. */
  private pageEqual(a: PdfDict, b: PdfDict): boolean {
    for (const key of new Set([...a.entries.keys(), ...b.entries.keys()])) {
      if (key !== 'Annots' && !this.equal(a.get(key), b.get(key))) return false;
    }
    const oldAnnots = this.before.resolveArray(a.get('Annots'));
    const newAnnots = this.after.resolveArray(b.get('Annots'));
    if (newAnnots.length < oldAnnots.length) return false;
    if (!oldAnnots.every((annot, i) => this.annotationEqual(annot, newAnnots[i]))) return false;
    return newAnnots.slice(oldAnnots.length).every((annot) => annot instanceof PdfRef && this.isAddedSignatureWidget(annot));
  }

  private annotationEqual(a: PdfValue, b: PdfValue | undefined): boolean {
    if (a instanceof PdfRef && b instanceof PdfRef && this.before.resolveDict(a)?.name('Subtype') === 'Widget') return this.fieldAgrees(a, b);
    return this.equal(a, b);
  }

  private isAddedSignatureWidget(ref: PdfRef): boolean {
    const before = this.before.entry(ref.num);
    if (before && before.type !== 'free') return false;
    const widget = this.after.resolveDict(ref);
    if (widget?.name('Subtype') !== 'Widget') return false;
    const parent = widget.get('Parent');
    const fieldNum = widget.name('FT') === 'Sig' ? ref.num : parent instanceof PdfRef && this.after.resolveDict(parent)?.name('FT') === 'Sig' ? parent.num : undefined;
    return fieldNum !== undefined && this.after.resolveArray(this.after.resolveDict(this.after.catalog().get('AcroForm'))?.get('Fields')).some((f) => f instanceof PdfRef && f.num === fieldNum);
  }
}
