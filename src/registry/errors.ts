/** Errors of the registry: unknown facilities and practitioners, bad values, rejected CSV imports. */
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';

/** No facility or practitioner with this id or licence number. */
export class RegistryEntryNotFoundError extends NotFoundError {
  static override code = 'ERR_REGISTRY_ENTRY_NOT_FOUND';
}

/** A facility or practitioner with this licence number already exists. */
export class DuplicateLicenceError extends ConflictError {
  static override code = 'ERR_DUPLICATE_LICENCE';
}

/** A registry value (kind, profession, province, status, date…) is not one the registry knows. */
export class InvalidRegistryValueError extends InvalidInputError {
  static override code = 'ERR_INVALID_REGISTRY_VALUE';
}

export interface CsvRowProblem {
  line: number;
  reason: string;
}

/** A CSV import was rejected as a whole; `rows` lists every bad row by line number and reason. */
export class CsvImportRejectedError extends InvalidInputError {
  static override code = 'ERR_CSV_IMPORT_REJECTED';
  readonly rows: CsvRowProblem[];

  constructor(message: string, rows: CsvRowProblem[]) {
    super(message, { rows });
    this.rows = rows;
  }
}
