/**
 * bytea to and from PGlite's text protocol in native code. PGlite's own handlers build the hex form one
 * byte at a time in JavaScript (an array of 60,000 two-digit strings for a certificate's PDF), which cost
 * about 4 ms of CPU per stored certificate; Buffer's hex codec does the same in a few microseconds.
 */
import { types } from '@electric-sql/pglite';

function serializeBytea(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new TypeError('A bytea parameter must be a Uint8Array.');
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}

/** PostgreSQL's hex output (`\x` then two digits a byte), as a Uint8Array of its own, as PGlite gives. */
function parseBytea(text: string): Uint8Array {
  const bytes = new Uint8Array((text.length - 2) / 2);
  Buffer.from(bytes.buffer).write(text.slice(2), 'hex');
  return bytes;
}

export const byteaTypeHandlers = {
  serializers: { [types.BYTEA]: serializeBytea },
  parsers: { [types.BYTEA]: parseBytea },
};
