/** One-time invitation codes: 100 random bits in Crockford base32, grouped for reading aloud; only their digest is stored. */
import { randomBytes } from 'node:crypto';
import { tokenDigest } from '../accounts/opaque-token';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newInvitationCode(): string {
  const bytes = randomBytes(20);
  const symbols = [...bytes].map((byte) => alphabet[byte & 31]).join('');
  return symbols.match(/.{5}/g)!.join('-');
}

/** Case, spaces and dashes do not matter; I, L and O read as 1, 1 and 0, as Crockford's base32 intends. */
export function invitationCodeDigest(code: string): string {
  const normalised = code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return tokenDigest(`medcert-invitation:${normalised}`);
}
