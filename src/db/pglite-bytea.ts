/**
 * bytea to and from PGlite without JavaScript loops over bytes. PGlite's own handlers build the hex text form
 * one byte at a time (an array of 60,000 two-digit strings for a certificate's PDF), then copy that text into
 * the protocol message character by character, and PostgreSQL decodes it again: about 4.5 ms of CPU per stored
 * certificate. A parameter is handed over as its bytes instead, which PGlite's Bind message sends in binary
 * format (its encoder writes any ArrayBuffer view that way; were it to send text, the round trip in
 * pglite-bytea.test.ts would fail), and a result is decoded with Buffer's native hex codec.
 */
import { types } from '@electric-sql/pglite';

function serializeBytea(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new TypeError('A bytea parameter must be a Uint8Array.');
  // PGlite's serializer type promises text, but its Bind encoder takes bytes as a binary-format parameter.
  return value as unknown as string;
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
