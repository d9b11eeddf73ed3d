/**
 * A QR code as raw 8-bit grey pixels, one per module, that Typst embeds as a tiny image drawn pixelated
 * (an SVG became thousands of path segments in the page; a PNG cost an encode here and a decode in Typst).
 */
import QRCode, { type QRCodeErrorCorrectionLevel } from 'qrcode';

export interface QrCodeImage {
  /** Modules per side, without a quiet zone. */
  size: number;
  /** size × size bytes, row by row: 0 for a dark module, 255 for a light one. */
  pixels: Buffer;
}

/** Every character QR's alphanumeric mode holds: base45 (MC1 and HC1 payloads) is written in these alone. */
const alphanumeric = /^[0-9A-Z $%*+\-./:]*$/;

export function qrCodeImage(text: string, errorCorrectionLevel: QRCodeErrorCorrectionLevel): QrCodeImage {
  // Naming the mode spares qrcode its search for the cheapest mix of modes, which for such text finds this one segment.
  // qrcode's own mask search costs ten times the rest of the encoding: the symbol is built once with mask 0
  // and the mask is chosen here by the same penalty rules, on plain arrays.
  const symbol = QRCode.create(alphanumeric.test(text) ? [{ data: text, mode: 'alphanumeric' }] : text, { errorCorrectionLevel, maskPattern: 0 });
  const modules = bestMasked(symbol.modules.data, symbol.modules.reservedBit, symbol.modules.size, symbol.errorCorrectionLevel.bit);
  const pixels = Buffer.alloc(modules.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 255 * (1 - modules[i]!);
  return { size: symbol.modules.size, pixels };
}

/**
 * The symbol under the mask of least penalty (ISO/IEC 18004 §7.8.3), scored exactly as qrcode's getBestMask
 * scores it (ties to the lower mask), from the symbol masked with pattern 0: the same modules qrcode would give.
 */
function bestMasked(maskedWith0: Uint8Array, reserved: Uint8Array, size: number, errorCorrectionBit: number): Uint8Array {
  const unmasked = applyMask(maskedWith0, reserved, size, 0);
  let best = maskedWith0;
  let lowest = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    const candidate = mask === 0 ? maskedWith0 : applyMask(unmasked, reserved, size, mask);
    if (mask !== 0) setFormatInformation(candidate, size, errorCorrectionBit, mask);
    const score = penalty(candidate, size);
    if (score < lowest) {
      lowest = score;
      best = candidate;
    }
  }
  return best;
}

/** A copy of `modules` with the mask flipping every module outside the function patterns where its condition holds. */
function applyMask(modules: Uint8Array, reserved: Uint8Array, size: number, mask: number): Uint8Array {
  const result = new Uint8Array(modules);
  for (let row = 0, index = 0; row < size; row++) {
    for (let col = 0; col < size; col++, index++) if (!reserved[index] && maskCondition(mask, row, col)) result[index]! ^= 1;
  }
  return result;
}

function maskCondition(mask: number, i: number, j: number): boolean {
  switch (mask) {
    case 0:
      return (i + j) % 2 === 0;
    case 1:
      return i % 2 === 0;
    case 2:
      return j % 3 === 0;
    case 3:
      return (i + j) % 3 === 0;
    case 4:
      return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5:
      return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6:
      return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default:
      return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/** The 15 format bits (BCH(15,5) over error correction level and mask, XOR 101010000010010), placed beside the finders as qrcode places them. */
function setFormatInformation(modules: Uint8Array, size: number, errorCorrectionBit: number, mask: number): void {
  const data = (errorCorrectionBit << 3) | mask;
  let remainder = data << 10;
  for (let bit = 14; bit >= 10; bit--) if ((remainder >> bit) & 1) remainder ^= 0x537 << (bit - 10);
  const bits = ((data << 10) | remainder) ^ 0x5412;
  for (let i = 0; i < 15; i++) {
    const module = (bits >> i) & 1;
    const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    modules[row * size + 8] = module;
    const col = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 15 - i - 1;
    modules[8 * size + col] = module;
  }
  modules[(size - 8) * size + 8] = 1;
}

/** Penalty points by run length (N1: 3 for five modules alike, one more for each further one). */
const runPoints = new Uint8Array(256).map((_, run) => (run >= 5 ? run - 2 : 0));
/** N3 points by the last 11 modules of a line: 1:1:3:1:1 with four light modules after or before it. */
const finderLikePoints = new Uint8Array(2048);
finderLikePoints[0x5d0] = finderLikePoints[0x05d] = 40;
/** N2 points by the number of dark modules in a 2 × 2 block. */
const blockPoints = new Uint8Array([3, 0, 0, 0, 3]);

/**
 * N1 + N2 + N3 + N4 as qrcode's getPenaltyN1..N4 count them. Lookups and arithmetic instead of branches:
 * the modules are as good as random, and mispredicted branches tripled the time.
 */
function penalty(modules: Uint8Array, size: number): number {
  let points = 0;
  for (let line = 0; line < size; line++) {
    let rowRun = 0;
    let colRun = 0;
    let rowLast = modules[line * size]!;
    let colLast = modules[line]!;
    let rowBits = 0;
    let colBits = 0;
    for (let k = 0; k < size; k++) {
      const inRow = modules[line * size + k]!;
      const inCol = modules[k * size + line]!;
      const rowChange = inRow ^ rowLast;
      const colChange = inCol ^ colLast;
      points += rowChange * runPoints[rowRun]! + colChange * runPoints[colRun]!;
      rowRun = rowRun * (rowChange ^ 1) + 1;
      colRun = colRun * (colChange ^ 1) + 1;
      rowLast = inRow;
      colLast = inCol;
      rowBits = ((rowBits << 1) & 0x7ff) | inRow;
      colBits = ((colBits << 1) & 0x7ff) | inCol;
      if (k >= 10) points += finderLikePoints[rowBits]! + finderLikePoints[colBits]!;
    }
    points += runPoints[rowRun]! + runPoints[colRun]!;
  }
  for (let row = 0; row < size - 1; row++) {
    for (let index = row * size, end = index + size - 1; index < end; index++) {
      points += blockPoints[modules[index]! + modules[index + 1]! + modules[index + size]! + modules[index + size + 1]!]!;
    }
  }
  let dark = 0;
  for (let i = 0; i < modules.length; i++) dark += modules[i]!;
  return points + Math.abs(Math.ceil((dark * 100) / modules.length / 5) - 10) * 10;
}
