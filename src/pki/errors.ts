/** Errors of the PKI: key stores, the CA and its trust services (OCSP, TSA, CRL). */
import { ConfigurationError, ConflictError, InvalidInputError, MedcertError, NotFoundError, type ErrorKind } from '../errors';

/** A wrapped key could not be unwrapped: the key-encryption key is not the one it was wrapped under, or the record is damaged. */
export class KeyUnwrapError extends ConfigurationError {
  static override code = 'ERR_PKI_KEY_UNWRAP';
}

/** No key with this id exists in the key store. */
export class KeyNotFoundError extends NotFoundError {
  static override code = 'ERR_PKI_KEY_NOT_FOUND';
}

/** No certificate authority of this name runs here. */
export class UnknownCaError extends NotFoundError {
  static override code = 'ERR_PKI_UNKNOWN_CA';
}

/** The CA chain has not been created yet (`medcert pki init`). */
export class PkiNotInitializedError extends ConflictError {
  static override code = 'ERR_PKI_NOT_INITIALIZED';
}

/** An OCSP request body is not a DER OCSPRequest we can answer. */
export class MalformedOcspRequestError extends InvalidInputError {
  static override code = 'ERR_PKI_MALFORMED_OCSP_REQUEST';
}

/** A time-stamp request body is not a DER TimeStampReq with a SHA-256 imprint. */
export class MalformedTimestampRequestError extends InvalidInputError {
  static override code = 'ERR_PKI_MALFORMED_TIMESTAMP_REQUEST';
}

/** A certificate or CSR given to the PKI cannot be parsed or does not fit (wrong key, wrong kind). */
export class InvalidCertificateError extends InvalidInputError {
  static override code = 'ERR_PKI_INVALID_CERTIFICATE';
}

/** The PKCS#11 token refused an operation or could not be opened. */
export class Pkcs11Error extends MedcertError {
  static override code = 'ERR_PKI_PKCS11';
  static override kind: ErrorKind = 'unavailable';
}

/** No certificate with this serial number was issued here. */
export class CertificateNotFoundError extends NotFoundError {
  static override code = 'ERR_PKI_CERTIFICATE_NOT_FOUND';
}
