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
  const { modules } = QRCode.create(alphanumeric.test(text) ? [{ data: text, mode: 'alphanumeric' }] : text, { errorCorrectionLevel });
  const pixels = Buffer.alloc(modules.size * modules.size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = modules.data[i] ? 0 : 255;
  return { size: modules.size, pixels };
}
