/** Thai national ID numbers: the check digit, normalisation of written forms, and masking for display. */
import { InvalidNationalIdError } from './errors';

const thaiDigits = '๐๑๒๓๔๕๖๗๘๙';

/** The 13th digit for the first 12: (11 − Σ dᵢ·(14−i) mod 11) mod 10. */
export function nationalIdCheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (13 - i);
  return (11 - (sum % 11)) % 10;
}

/** True when `value` is exactly 13 ASCII digits with a correct check digit. */
export function isValidNationalId(value: string): boolean {
  return /^\d{13}$/.test(value) && nationalIdCheckDigit(value) === Number(value[12]);
}

/**
 * The 13 digits of an ID as people write it (with dashes or spaces, e.g. 1-2345-67890-12-1, or in
 * Thai numerals); throws when it is not a valid national ID. The message never repeats the number.
 */
export function parseNationalId(written: string): string {
  const digits = written
    .trim()
    .replace(/[๐-๙]/g, (d) => String(thaiDigits.indexOf(d)))
    .replace(/[-\s]/g, '');
  if (!/^\d{13}$/.test(digits)) throw new InvalidNationalIdError('A Thai national ID has 13 digits.');
  if (!isValidNationalId(digits)) throw new InvalidNationalIdError('The Thai national ID has a wrong check digit.');
  return digits;
}

/** The form printed on certificates and QR payloads: the first and last three digits stay, e.g. 1-23XX-XXXXX-12-1. */
export function maskNationalId(id: string): string {
  const masked = id.slice(0, 3) + 'X'.repeat(7) + id.slice(10);
  return `${masked[0]}-${masked.slice(1, 5)}-${masked.slice(5, 10)}-${masked.slice(10, 12)}-${masked[12]}`;
}
