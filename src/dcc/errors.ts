/** Errors of the EU DCC domain, each with a stable code. */
import { ConfigurationError, InvalidInputError } from '../errors';

/** The HCERT payload given for issuance is not a valid DCC (schema, value sets, or more than one entry). */
export class DccPayloadInvalidError extends InvalidInputError {
  static override code = 'ERR_DCC_PAYLOAD_INVALID';
}

/** A document signer certificate (or a DSC list) could not be read. */
export class DscInvalidError extends InvalidInputError {
  static override code = 'ERR_DCC_DSC_INVALID';
}

/** No document signer is configured that may sign this kind of certificate. */
export class DccSignerUnavailableError extends ConfigurationError {
  static override code = 'ERR_DCC_SIGNER_UNAVAILABLE';
}
