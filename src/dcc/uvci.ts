/** Unique vaccination certificate identifiers (eHN UVCI format, version 01) with the Luhn mod N check character. */
import { randomInt } from 'node:crypto';
import { InvalidInputError } from '../errors';

/** The UVCI alphabet of the eHN guidelines, in the code-point order the checksum uses. */
const codePoints = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:';
const opaqueAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function luhnModN(text: string, startFactor: 1 | 2): number | null {
  const n = codePoints.length;
  let factor = startFactor;
  let total = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const codePoint = codePoints.indexOf(text[i]!);
    if (codePoint < 0) return null;
    const addend = factor * codePoint;
    factor = factor === 2 ? 1 : 2;
    total += Math.floor(addend / n) + (addend % n);
  }
  return total % n;
}

/** The check character for `text` (the UVCI up to, without, the `#`). */
export function uvciCheckCharacter(text: string): string {
  const remainder = luhnModN(text, 2);
  if (remainder === null) throw new InvalidInputError('A UVCI may only contain A-Z, 0-9, "/" and ":".');
  return codePoints[(codePoints.length - remainder) % codePoints.length]!;
}

export interface UvciOptions {
  country?: string;
  /** An issuer segment placed before the random part, e.g. a facility code. */
  issuer?: string;
  /** Number of random characters (A-Z, 0-9). */
  randomLength?: number;
}

/** A new UVCI: `URN:UVCI:01:<country>:[<issuer>/]<random>#<check>`. */
export function createUvci({ country = 'TH', issuer, randomLength = 16 }: UvciOptions = {}): string {
  if (!/^[A-Z]{2}$/.test(country)) throw new InvalidInputError('The UVCI country must be two capital letters.');
  if (issuer !== undefined && !/^[A-Z0-9]{1,20}$/.test(issuer)) throw new InvalidInputError('The UVCI issuer segment must be 1 to 20 capital letters or digits.');
  let random = '';
  for (let i = 0; i < randomLength; i++) random += opaqueAlphabet[randomInt(opaqueAlphabet.length)];
  const body = `URN:UVCI:01:${country}:${issuer ? `${issuer}/` : ''}${random}`;
  return `${body}#${uvciCheckCharacter(body)}`;
}

/** True for a version-01 UVCI whose check character (after `#`) is right. */
export function isValidUvci(uvci: string): boolean {
  const match = /^(URN:UVCI:01:[A-Z]{2}:[A-Z0-9/:]+)#([A-Z0-9/:])$/.exec(uvci);
  return match !== null && luhnModN(match[1]! + match[2]!, 1) === 0;
}
