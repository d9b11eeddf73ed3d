/**
 * Base45 (RFC 9285). Encoding uses the `base45` package; decoding is our own single pass, because
 * it must refuse what the package silently mangles (characters outside the alphabet, a dangling
 * character, groups above 65535) and the package's decoder costs more than the signature check's
 * surroundings combined on the verification hot path.
 */
import { encode } from 'base45';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const valueOf = new Int8Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) valueOf[alphabet.charCodeAt(i)] = i;

export function encodeBase45(bytes: Uint8Array): string {
  return encode(bytes);
}

/** The decoded bytes, or null when the text is not canonical base45. */
export function decodeBase45(text: string): Uint8Array | null {
  const remainder = text.length % 3;
  if (remainder === 1) return null;
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (remainder === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const c = digit(text, i);
    const d = digit(text, i + 1);
    if (c < 0 || d < 0) return null;
    if (i + 2 < text.length) {
      const e = digit(text, i + 2);
      const value = c + d * 45 + e * 2025;
      if (e < 0 || value > 0xffff) return null;
      out[o++] = value >> 8;
      out[o++] = value & 0xff;
    } else {
      const value = c + d * 45;
      if (value > 0xff) return null;
      out[o++] = value;
    }
  }
  return out;
}

function digit(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 128 ? valueOf[code]! : -1;
}
