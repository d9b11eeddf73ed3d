/** The stable reason codes the PDF signature validator reports, each with what it means. */

export const pdfReasons = {
  'pdf.malformed': 'The file is not a PDF this validator can parse (syntax, xref or object streams are broken).',
  'pdf.encrypted': 'The PDF is encrypted; signed certificates never are.',
  'pdf.modified-after-signature': 'A revision after a signature changes content that the signature (and its DocMDP permissions) does not allow.',
  'signature.missing': 'The PDF carries no signature.',
  'signature.malformed': 'A signature dictionary or its CMS container is missing entries or cannot be decoded.',
  'signature.subfilter-unsupported': 'The signature uses a SubFilter other than ETSI.CAdES.detached or adbe.pkcs7.detached.',
  'signature.byterange-invalid': 'The /ByteRange does not start at 0, leave exactly the /Contents string out and end at a revision end.',
  'signature.digest-mismatch': 'The message digest in the signature does not match the signed bytes.',
  'signature.signature-invalid': 'The cryptographic signature over the signed attributes does not verify with the signer certificate.',
  'signature.signing-certificate-invalid': 'The ESS signing-certificate(-v2) attribute is missing or names another certificate.',
  'signature.chain-untrusted': 'The signer certificate does not chain to a trust anchor.',
  'signature.certificate-expired': 'A certificate of the signer chain was not within its validity period at the signing time.',
  'signature.certificate-revoked': 'A certificate of the signer chain was revoked at the signing time.',
  'timestamp.invalid': 'A signature or document time-stamp does not verify, does not match its imprint or is not from a trusted TSA.',
} as const;

export type ReasonCode = keyof typeof pdfReasons;
