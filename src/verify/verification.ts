/**
 * One verdict for a PDF or a QR payload (DESIGN.md section 5 contract): the signatures as the PAdES
 * validator found them, then what the register says about the document and its issuers. The
 * document is looked up only from a PDF whose signatures hold, so a forgery cannot borrow the
 * status of a genuine certificate.
 */
import type { Db } from '../db/database';
import { contractSignature, type PdfValidator } from '../pdf/pades/validate';
import { sha256Hex } from '../storage/blob-store';
import { describeDocument, type DocumentView } from './document-status';
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
  validatePdf: PdfValidator;
}

export function createPdfVerification(deps: VerificationDeps) {
  async function documentIdOf(pdf: Uint8Array): Promise<string | undefined> {
    const stored = await deps.db.selectFrom('certificates').select('id').where('pdf_sha256', '=', sha256Hex(pdf)).executeTakeFirst();
    if (stored) return stored.id;
    const embedded = readEmbeddedJson(pdf);
    return typeof embedded?.id === 'string' ? embedded.id : undefined;
  }

  return async function verifyPdf(pdf: Uint8Array, at?: Date): Promise<VerificationResult> {
    const report = await deps.validatePdf(pdf, at);
    const signatures = report.signatures.map(contractSignature);
    if (!report.valid) return { valid: false, reasons: [...new Set(report.reasons)], document: null, signatures };
    const id = await documentIdOf(pdf);
    const finding = id ? await describeDocument(deps.db, id, at) : { document: null, reasons: [documentReasons.unknown] };
    const reasons = [...new Set([...report.reasons, ...finding.reasons])];
    return { valid: reasons.length === 0, reasons, document: finding.document, signatures };
  };
}
