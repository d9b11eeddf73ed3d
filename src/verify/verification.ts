/**
 * One verdict for a PDF or a QR payload (DESIGN.md section 5 contract): the signatures as the PAdES
 * validator found them, then what the register says about the document and its issuers. The
 * document is looked up only from a PDF whose signatures hold, so a forgery cannot borrow the
 * status of a genuine certificate.
 */
import type { Db } from '../db/database';
import { contractSignature, type PdfValidator } from '../pdf/pades/validate';
import { sha256Hex, type BlobStore } from '../storage/blob-store';
import { isUuid } from '../certificates/queries';
import type { DocumentRegister, DocumentView } from './document-status';
import { readEmbeddedJson } from './embedded-data';
import { documentReasons } from './reasons';

export interface VerificationResult {
  valid: boolean;
  reasons: string[];
  document: DocumentView | null;
  signatures: ReturnType<typeof contractSignature>[];
  [extra: string]: unknown;
}

export interface VerificationDeps {
  db: Db;
  documents: DocumentRegister;
  blobs: BlobStore;
  validatePdf: PdfValidator;
}

export function createPdfVerification(deps: VerificationDeps) {
  /** The document a file that is not one of ours as issued names, and whether it is that issued file with revisions appended. */
  async function documentOf(pdf: Uint8Array): Promise<{ id: string; issuedFile: boolean } | undefined> {
    const embedded = readEmbeddedJson(pdf);
    if (typeof embedded?.id !== 'string') return undefined;
    if (!isUuid(embedded.id)) return { id: embedded.id, issuedFile: true };
    const row = await deps.db.selectFrom('certificates').select('pdf_key').where('id', '=', embedded.id).executeTakeFirst();
    const issued = row?.pdf_key ? await deps.blobs.get(row.pdf_key) : undefined;
    // Genuine signatures on a file that is not ours as issued: a signature's revision was cut off or replaced.
    const issuedFile = !issued || (pdf.length >= issued.length && Buffer.from(issued).equals(pdf.subarray(0, issued.length)));
    return { id: embedded.id, issuedFile };
  }

  return async function verifyPdf(pdf: Uint8Array, at?: Date): Promise<VerificationResult> {
    const report = await deps.validatePdf(pdf, at);
    const signatures = report.signatures.map(contractSignature);
    if (!report.valid) return { valid: false, reasons: [...new Set(report.reasons)], document: null, signatures };
    // The usual case, a file exactly as issued, costs one query; anything else is looked up by the id it embeds.
    let finding = await deps.documents.describeIssuedFile(sha256Hex(pdf), at);
    if (!finding) {
      const found = await documentOf(pdf);
      finding = found ? await deps.documents.describe(found.id, at) : { document: null, reasons: [documentReasons.unknown] };
      if (found && !found.issuedFile) finding.reasons.push(documentReasons.notTheIssuedFile);
    }
    const reasons = [...new Set([...report.reasons, ...finding.reasons])];
    return { valid: reasons.length === 0, reasons, document: finding.document, signatures };
  };
}
