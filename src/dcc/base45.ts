/** Strict base45 (RFC 9285) decoding: the `base45` package decodes, this module refuses what it would silently mangle. */
import { decode, encode } from 'base45';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const valueOf = new Int8Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) valueOf[alphabet.charCodeAt(i)] = i;

export function encodeBase45(bytes: Uint8Array): string {
  return encode(bytes);
}

/** The decoded bytes, or null when the text is not canonical base45 (bad character, dangling character, value out of range). */
export function decodeBase45(text: string): Uint8Array | null {
  if (text.length % 3 === 1) return null;
  for (let i = 0; i < text.length; i += 3) {
    const c = digit(text, i);
    const d = digit(text, i + 1);
    if (c < 0 || d < 0) return null;
    if (i + 2 < text.length) {
      const e = digit(text, i + 2);
      if (e < 0 || c + d * 45 + e * 2025 > 0xffff) return null;
    } else if (c + d * 45 > 0xff) return null;
  }
  return decode(text);
}

function digit(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 128 ? valueOf[code]! : -1;
}
