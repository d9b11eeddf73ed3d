/** Errors raised while reading, updating and signing PDFs. */
import { InvalidInputError, MedcertError, type ErrorKind } from '../../errors';

/** The bytes are not a PDF this reader can parse (broken syntax, xref or object streams). */
export class PdfSyntaxError extends InvalidInputError {
  static override code = 'ERR_PDF_SYNTAX';
}

/** The PDF uses a feature the signer refuses to touch (encryption, unknown filters). */
export class PdfUnsupportedError extends InvalidInputError {
  static override code = 'ERR_PDF_UNSUPPORTED';
}

/** The signature container did not fit the space reserved for it, or the signer returned nonsense. */
export class PdfSigningError extends MedcertError {
  static override code = 'ERR_PDF_SIGNING';
  static override kind: ErrorKind = 'internal';
}

/** The signature container came out larger than the space reserved for it; `needed` says how large. */
export class SignatureReserveTooSmallError extends PdfSigningError {
  static override code = 'ERR_PDF_SIGNATURE_RESERVE';
  constructor(readonly needed: number, reserved: number) {
    super(`The signature needs ${needed} bytes but only ${reserved} were reserved.`);
  }
}
