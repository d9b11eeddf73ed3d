/** Identifiers of foreigners: a passport number with its ISO 3166 alpha-3 nationality, or a Thai work-permit number. */
import { InvalidForeignIdentifierError } from './errors';

export interface Passport {
  number: string;
  /** ISO 3166-1 alpha-3, e.g. MMR, KHM, LAO (ICAO's D, GBD… and UNK are accepted too). */
  nationality: string;
}

/** Passport numbers are 5–9 letters and digits (ICAO 9303 allows up to 9 in the machine-readable zone). */
export function parsePassport(number: string, nationality: string): Passport {
  const normalisedNumber = number.trim().replace(/\s/g, '').toUpperCase();
  const normalisedNationality = nationality.trim().toUpperCase();
  if (!/^[A-Z0-9]{5,9}$/.test(normalisedNumber)) throw new InvalidForeignIdentifierError('A passport number has 5 to 9 letters and digits.');
  if (!/^([A-Z]{3}|D)$/.test(normalisedNationality)) throw new InvalidForeignIdentifierError('A nationality is an ISO 3166 alpha-3 code such as MMR.');
  return { number: normalisedNumber, nationality: normalisedNationality };
}

/** Thai work-permit numbers are 13 digits (the Department of Employment's format since 2018); dashes and spaces are dropped. */
export function parseWorkPermit(written: string): string {
  const digits = written.trim().replace(/[-\s]/g, '');
  if (!/^\d{13}$/.test(digits)) throw new InvalidForeignIdentifierError('A work-permit number has 13 digits.');
  return digits;
}

/** The form shown on certificates: all but the last four characters hidden. */
export function maskIdentifier(value: string): string {
  return 'X'.repeat(Math.max(0, value.length - 4)) + value.slice(-4);
}
