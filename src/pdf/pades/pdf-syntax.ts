/** PDF object syntax (ISO 32000-2 §7.3): the value types, a parser over raw bytes and a serializer. */
import { PdfSyntaxError } from './errors';

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A string as bytes; `start`/`end` are its token's offsets in the parsed buffer (-1 when built in memory). */
export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex = true,
    readonly start = -1,
    readonly end = -1,
  ) {}

  static latin1(text: string): PdfString {
    return new PdfString(Buffer.from(text, 'latin1'), false);
  }

  get text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.subarray(3)).toString('utf8');
    return Buffer.from(b).toString('latin1');
  }
}

export class PdfDict {
  constructor(readonly entries = new Map<string, PdfValue>()) {}

  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: PdfValue): this {
    this.entries.set(key, value);
    return this;
  }

  clone(): PdfDict {
    return new PdfDict(new Map(this.entries));
  }

  /** The value of a name entry, e.g. `/Type /Sig` → 'Sig'. */
  name(key: string): string | undefined {
    const value = this.entries.get(key);
    return value instanceof PdfName ? value.name : undefined;
  }
}

/** A stream with its still-encoded data. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
  ) {}
}

/** Pre-serialized bytes, for the placeholders the signer patches after layout. */
export class PdfRaw {
  constructor(readonly text: string) {}
}

export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfValue[] | PdfDict | PdfStream | PdfRaw;

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue;
}

const maxDepth = 256;
const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

const HEX = new Uint8Array(256).fill(0xff);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}

export function isWhitespace(byte: number): boolean {
  return WS[byte] === 1;
}

/** Reads PDF values from a byte buffer; `lengthOf` resolves an indirect stream /Length. */
export class PdfParser {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
    private readonly lengthOf?: (ref: PdfRef) => number | undefined,
  ) {}

  fail(message: string): never {
    throw new PdfSyntaxError(`${message} at byte ${this.pos}.`);
  }

  skipWhitespace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (WS[c]) this.pos++;
      else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      } else break;
    }
  }

  /** Skips whitespace and returns where the regular token (keyword or number) starting there ends. */
  private tokenEnd(): number {
    this.skipWhitespace();
    let end = this.pos;
    const b = this.bytes;
    while (end < b.length && !WS[b[end]!] && !DELIM[b[end]!]) end++;
    return end;
  }

  /** A regular token (keyword or number) at the current position, without consuming it. */
  peekKeyword(): string {
    const end = this.tokenEnd();
    return latin1(this.bytes, this.pos, end);
  }

  /** Whether the next token is exactly `keyword`, compared byte by byte (the parser's hot path). */
  private atKeyword(keyword: string): boolean {
    const end = this.tokenEnd();
    if (end - this.pos !== keyword.length) return false;
    for (let i = 0; i < keyword.length; i++) if (this.bytes[this.pos + i] !== keyword.charCodeAt(i)) return false;
    return true;
  }

  expectKeyword(keyword: string): void {
    if (!this.atKeyword(keyword)) this.fail(`Expected "${keyword}"`);
    this.pos += keyword.length;
  }

  readInteger(): number {
    const end = this.tokenEnd();
    const value = end - this.pos <= 10 ? digitsValue(this.bytes, this.pos, end) : -1;
    if (value < 0) this.fail('Expected an integer');
    this.pos = end;
    return value;
  }

  /** `N G obj … endobj`, including a stream body. */
  parseIndirectObject(): IndirectObject {
    const num = this.readInteger();
    const gen = this.readInteger();
    this.expectKeyword('obj');
    let value = this.parseValue();
    if (value instanceof PdfDict && this.atKeyword('stream')) value = this.parseStreamBody(value);
    return { num, gen, value };
  }

  parseValue(depth = 0): PdfValue {
    if (depth > maxDepth) this.fail('Nesting too deep');
    this.skipWhitespace();
    const b = this.bytes;
    if (this.pos >= b.length) this.fail('Unexpected end of data');
    const c = b[this.pos]!;
    switch (c) {
      case 0x2f: // /
        return this.parseName();
      case 0x28: // (
        return this.parseLiteralString();
      case 0x5b: {
        // [
        this.pos++;
        const items: PdfValue[] = [];
        for (;;) {
          this.skipWhitespace();
          if (this.pos >= b.length) this.fail('Unterminated array');
          if (b[this.pos] === 0x5d) {
            this.pos++;
            return items;
          }
          items.push(this.parseValue(depth + 1));
        }
      }
      case 0x3c: // <
        if (b[this.pos + 1] === 0x3c) return this.parseDict(depth);
        return this.parseHexString();
      default:
        return this.parseKeywordOrNumber();
    }
  }

  private parseDict(depth: number): PdfDict {
    const b = this.bytes;
    this.pos += 2;
    const dict = new PdfDict();
    for (;;) {
      this.skipWhitespace();
      if (this.pos >= b.length) this.fail('Unterminated dictionary');
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return dict;
      }
      if (b[this.pos] !== 0x2f) this.fail('Expected a name as dictionary key');
      const key = this.parseNameText();
      const value = this.parseValue(depth + 1);
      if (value !== null) dict.entries.set(key, value);
    }
  }

  private parseName(): PdfName {
    return new PdfName(this.parseNameText());
  }

  /** A name's text (a dictionary key needs no PdfName object). */
  private parseNameText(): string {
    const b = this.bytes;
    let end = ++this.pos;
    while (end < b.length && !WS[b[end]!] && !DELIM[b[end]!]) end++;
    const raw = latin1(b, this.pos, end);
    this.pos = end;
    return raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw;
  }

  private parseHexString(): PdfString {
    const b = this.bytes;
    const start = this.pos++;
    const close = b.indexOf(0x3e, this.pos);
    if (close < 0) this.fail('Unterminated hex string');
    // Signature /Contents are tens of kilobytes of hex, usually without whitespace: node decodes those
    // natively (stopping at the first non-hex digit, which the length check catches).
    const digits = close - this.pos;
    if (digits % 2 === 0) {
      const decoded = Buffer.from(Buffer.from(b.buffer, b.byteOffset + this.pos, digits).toString('latin1'), 'hex');
      if (decoded.length * 2 === digits) {
        this.pos = close + 1;
        return new PdfString(decoded, true, start, this.pos);
      }
    }
    const out = new Uint8Array((digits + 1) >> 1);
    let length = 0;
    let high = -1;
    for (let i = this.pos; i < close; i++) {
      const c = b[i]!;
      if (WS[c]) continue;
      const nibble = HEX[c]!;
      if (nibble === 0xff) this.fail('Invalid hex string');
      if (high < 0) high = nibble;
      else {
        out[length++] = (high << 4) | nibble;
        high = -1;
      }
    }
    if (high >= 0) out[length++] = high << 4;
    this.pos = close + 1;
    return new PdfString(out.subarray(0, length), true, start, this.pos);
  }

  private parseLiteralString(): PdfString {
    const b = this.bytes;
    const start = this.pos++;
    const out: number[] = [];
    let depth = 1;
    while (this.pos < b.length) {
      let c = b[this.pos++]!;
      if (c === 0x5c) {
        c = b[this.pos++]!;
        const escaped = ({ 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 } as Record<number, number>)[c];
        if (escaped !== undefined) out.push(escaped);
        else if (c >= 0x30 && c <= 0x37) {
          let code = c - 0x30;
          for (let i = 0; i < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; i++) code = code * 8 + b[this.pos++]! - 0x30;
          out.push(code & 0xff);
        } else if (c === 13) {
          if (b[this.pos] === 10) this.pos++;
        } else if (c !== 10) out.push(c);
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return new PdfString(Uint8Array.from(out), false, start, this.pos);
      out.push(c);
    }
    return this.fail('Unterminated literal string');
  }

  private parseKeywordOrNumber(): PdfValue {
    const end = this.tokenEnd();
    const start = this.pos;
    if (end === start) this.fail(`Unexpected character 0x${this.bytes[start]!.toString(16)}`);
    const integer = digitsValue(this.bytes, start, end);
    this.pos = end;
    if (integer >= 0) {
      // `N G R` is a reference; a lone unsigned integer is a number (the lookahead is undone).
      const genEnd = this.tokenEnd();
      const gen = digitsValue(this.bytes, this.pos, genEnd);
      if (gen >= 0) {
        this.pos = genEnd;
        if (this.tokenEnd() === this.pos + 1 && this.bytes[this.pos] === 0x52) {
          this.pos += 1;
          return new PdfRef(integer, gen);
        }
      }
      this.pos = end;
      return integer;
    }
    const token = latin1(this.bytes, start, end);
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) return Number(token);
    return this.fail(`Unexpected token "${token.slice(0, 20)}"`);
  }

  private parseStreamBody(dict: PdfDict): PdfStream {
    const b = this.bytes;
    this.pos += 'stream'.length;
    if (b[this.pos] === 13) this.pos++;
    if (b[this.pos] === 10) this.pos++;
    const start = this.pos;
    const declared = dict.get('Length');
    const length = typeof declared === 'number' ? declared : declared instanceof PdfRef ? this.lengthOf?.(declared) : undefined;
    let end = length !== undefined && Number.isInteger(length) && length >= 0 ? start + length : -1;
    if (end < 0 || end > b.length || !this.endstreamAt(end)) {
      const found = Buffer.from(b.buffer, b.byteOffset, b.length).indexOf('endstream', start, 'latin1');
      if (found < 0) this.fail('Stream without endstream');
      end = found;
      if (b[end - 1] === 10) end--;
      if (b[end - 1] === 13) end--;
    }
    this.pos = end;
    this.expectKeyword('endstream');
    return new PdfStream(dict, b.subarray(start, end));
  }

  private endstreamAt(end: number): boolean {
    const saved = this.pos;
    this.pos = end;
    const ok = this.atKeyword('endstream');
    this.pos = saved;
    return ok;
  }
}

/** Bytes as a latin1 string; short tokens without a Buffer view per call. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 32) return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

/** The value of a token of decimal digits only, else -1; long ones go through Number() to round as it does. */
function digitsValue(bytes: Uint8Array, start: number, end: number): number {
  if (end === start) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = bytes[i]! - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return end - start > 15 ? Number(latin1(bytes, start, end)) : value;
}

/** Serializes a value; strings always as hex, numbers without exponents. */
export function serialize(value: PdfValue, out: Buffer[] = []): Buffer[] {
  if (value instanceof PdfStream) {
    const dict = value.dict.clone().set('Length', value.data.length);
    serialize(dict, out);
    out.push(Buffer.from('\nstream\n', 'latin1'), Buffer.from(value.data.buffer, value.data.byteOffset, value.data.length), Buffer.from('\nendstream', 'latin1'));
    return out;
  }
  out.push(Buffer.from(serializeText(value), 'latin1'));
  return out;
}

function serializeText(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return formatNumber(value);
  if (value instanceof PdfName) return `/${escapeName(value.name)}`;
  if (value instanceof PdfRef) return `${value.num} ${value.gen} R`;
  if (value instanceof PdfString) return `<${Buffer.from(value.bytes).toString('hex')}>`;
  if (value instanceof PdfRaw) return value.text;
  if (Array.isArray(value)) return `[${value.map(serializeText).join(' ')}]`;
  if (value instanceof PdfDict) {
    let text = '<<';
    for (const [key, item] of value.entries) text += `/${escapeName(key)} ${serializeText(item)}`;
    return `${text}>>`;
  }
  throw new PdfSyntaxError('A stream can only be serialized as an indirect object.');
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new PdfSyntaxError('Numbers must be finite.');
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(6).replace(/\.?0+$/, '') || '0';
}

const nameCharactersToEscape = /[^\x21-\x7e]|[()<>[\]{}/%#]/;

function escapeName(name: string): string {
  if (!nameCharactersToEscape.test(name)) return name;
  return name.replace(/[^\x21-\x7e]|[()<>[\]{}/%#]/g, (c) => `#${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
