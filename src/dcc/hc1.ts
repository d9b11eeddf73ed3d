/** The HC1 transport encoding: `HC1:` + base45(zlib(COSE)), and the reverse with a bound on the inflated size. */
import { deflateSync, inflateSync } from 'node:zlib';
import { encodeBase45 } from './base45';

export const hc1Prefix = 'HC1:';
/** Far above any DCC that fits a QR code; stops a small input from inflating into a large allocation. */
const maxInflatedBytes = 64 * 1024;

export function encodeHc1(cose: Uint8Array): string {
  return hc1Prefix + encodeBase45(deflateSync(cose, { level: 9 }));
}

/** The base45 text after the prefix, or null when the prefix is not `HC1:`. */
export function unprefix(text: unknown): string | null {
  return typeof text === 'string' && text.startsWith(hc1Prefix) ? text.slice(hc1Prefix.length) : null;
}

/** The inflated bytes, or null when the input is not a zlib stream (or inflates beyond the bound). */
export function decompress(bytes: Uint8Array): Uint8Array | null {
  try {
    return inflateSync(bytes, { maxOutputLength: maxInflatedBytes });
  } catch {
    return null;
  }
}
