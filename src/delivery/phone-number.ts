/** Citizens' contact phones: Thai mobile numbers as people write them, or +country numbers, kept in E.164 and shown masked. */
import { InvalidPhoneNumberError } from './errors';

/**
 * E.164 for a written number: 0XXXXXXXXX (a Thai mobile: 06, 08 or 09 and eight more digits) becomes
 * +66XXXXXXXXX; +<country><number> stays, 8 to 15 digits. Spaces, dashes, dots and brackets are dropped.
 * The message never repeats the number.
 */
export function parsePhoneNumber(written: string): string {
  const compact = written.trim().replace(/[\s\-.()]/g, '');
  if (/^0[689]\d{8}$/.test(compact)) return `+66${compact.slice(1)}`;
  if (/^\+66[689]\d{8}$/.test(compact)) return compact;
  if (/^\+[1-9]\d{7,14}$/.test(compact) && !compact.startsWith('+66')) return compact;
  throw new InvalidPhoneNumberError('The phone number must be a Thai mobile number (0XX-XXX-XXXX) or an international number starting with +.');
}

/** The form shown on the sign-in page: Thai numbers as 08x-xxx-1234, others with all but the country prefix and last four hidden. */
export function maskPhoneNumber(e164: string): string {
  if (e164.startsWith('+66')) return `0${e164[3]}x-xxx-${e164.slice(-4)}`;
  return `${e164.slice(0, 3)}${'x'.repeat(Math.max(0, e164.length - 7))}${e164.slice(-4)}`;
}
