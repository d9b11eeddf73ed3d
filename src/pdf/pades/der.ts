/**
 * A minimal DER reader for the validator's hot path: tag-length-value nodes over the original bytes,
 * so signed attributes, certificates and TSTInfo are checked on their exact encoding, never a re-encoding.
 */

export class DerError extends Error {}

export interface DerNode {
  /** The identifier octet (tag class, constructed bit and number < 31). */
  tag: number;
  bytes: Uint8Array;
  start: number;
  contentStart: number;
  end: number;
}

export const tags = { integer: 0x02, bitString: 0x03, octetString: 0x04, oid: 0x06, sequence: 0x30, set: 0x31, generalizedTime: 0x18, context0: 0xa0, context1: 0xa1 } as const;

export function readDer(bytes: Uint8Array, offset = 0, limit = bytes.length): DerNode {
  if (offset + 2 > limit) throw new DerError('Truncated DER.');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('High tag numbers are not used here.');
  let length = bytes[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || contentStart + count > limit) throw new DerError('Bad DER length.');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError('DER value runs past its container.');
  return { tag, bytes, start: offset, contentStart, end };
}

export function children(node: DerNode): DerNode[] {
  if (!(node.tag & 0x20)) throw new DerError('Not a constructed value.');
  const items: DerNode[] = [];
  for (let at = node.contentStart; at < node.end; ) {
    const child = readDer(node.bytes, at, node.end);
    items.push(child);
    at = child.end;
  }
  return items;
}

export function expectTag(node: DerNode | undefined, tag: number): DerNode {
  if (!node || node.tag !== tag) throw new DerError(`Expected tag 0x${tag.toString(16)}.`);
  return node;
}

/** The whole TLV. */
export function raw(node: DerNode): Uint8Array {
  return node.bytes.subarray(node.start, node.end);
}

export function content(node: DerNode): Uint8Array {
  return node.bytes.subarray(node.contentStart, node.end);
}

export function oidOf(node: DerNode | undefined): string {
  const bytes = content(expectTag(node, tags.oid));
  if (bytes.length === 0) throw new DerError('Empty OID.');
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** An OCTET STRING's bytes, joining the segments of a constructed (BER) one. */
export function octets(node: DerNode): Uint8Array {
  if (node.tag === tags.octetString) return content(node);
  if (node.tag === (tags.octetString | 0x20)) return Buffer.concat(children(node).map(octets));
  throw new DerError('Expected an OCTET STRING.');
}

export function generalizedTime(node: DerNode | undefined): Date {
  const text = Buffer.from(content(expectTag(node, tags.generalizedTime))).toString('latin1');
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?Z$/.exec(text);
  if (!match) throw new DerError('Bad GeneralizedTime.');
  const [, y, mo, d, h, mi, s, fraction] = match;
  return new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0));
}

/** X.509 Time: UTCTime (years 1950–2049) or GeneralizedTime. */
export function x509Time(node: DerNode | undefined): Date {
  if (node?.tag !== 0x17) return generalizedTime(node);
  const match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(Buffer.from(content(node)).toString('latin1'));
  if (!match) throw new DerError('Bad UTCTime.');
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return new Date(Date.UTC(y! < 50 ? 2000 + y! : 1900 + y!, mo! - 1, d!, h!, mi!, s!));
}

/** A BIT STRING's bytes without the unused-bits octet. */
export function bitString(node: DerNode | undefined): Uint8Array {
  return content(expectTag(node, tags.bitString)).subarray(1);
}

/** Encodes one DER TLV around already-encoded contents, in one allocation. */
export function tlv(tag: number, ...contents: Uint8Array[]): Buffer {
  let length = 0;
  for (const part of contents) length += part.length;
  const headerLength = length < 0x80 ? 2 : length < 0x100 ? 3 : length < 0x10000 ? 4 : 5;
  const out = Buffer.allocUnsafe(headerLength + length);
  out[0] = tag;
  if (length < 0x80) out[1] = length;
  else {
    out[1] = 0x80 | (headerLength - 2);
    for (let i = headerLength - 1, rest = length; i >= 2; i--, rest >>= 8) out[i] = rest & 0xff;
  }
  let at = headerLength;
  for (const part of contents) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const encodedOids = new Map<string, Buffer>();

/** Arcs as big integers: those under the UUID arc (2.25) run to 128 bits. Encoded once per OID; callers must not write into the result. */
export function encodeOid(text: string): Buffer {
  let encoded = encodedOids.get(text);
  if (!encoded) {
    const [first, second, ...rest] = text.split('.').map(BigInt);
    const bytes: number[] = [];
    for (const arc of [first! * 40n + second!, ...rest]) {
      const chunk = [Number(arc & 0x7fn)];
      for (let value = arc >> 7n; value > 0n; value >>= 7n) chunk.unshift(Number(value & 0x7fn) | 0x80);
      bytes.push(...chunk);
    }
    encoded = tlv(tags.oid, Buffer.from(bytes));
    // The OIDs written are a fixed handful; a caller passing arbitrary ones must not grow this for ever.
    if (encodedOids.size < 256) encodedOids.set(text, encoded);
  }
  return encoded;
}

/** A non-negative INTEGER from big-endian magnitude bytes. */
export function encodeUnsigned(magnitude: Uint8Array): Buffer {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const trimmed = magnitude.subarray(i);
  return tlv(tags.integer, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}
