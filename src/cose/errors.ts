/** Errors of the COSE layer, each with a stable code. */
import { InvalidInputError } from '../errors';

/** The bytes are not a COSE_Sign1 structure (wrong CBOR, wrong tag, wrong field types). */
export class CoseMalformedError extends InvalidInputError {
  static override code = 'ERR_COSE_MALFORMED';
}

/** The COSE algorithm, or the pairing of algorithm and key, is not one we sign or verify with. */
export class CoseUnsupportedAlgorithmError extends InvalidInputError {
  static override code = 'ERR_COSE_UNSUPPORTED_ALGORITHM';
}
