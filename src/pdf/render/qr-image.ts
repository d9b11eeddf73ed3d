/**
 * A QR code as a one-pixel-per-module greyscale PNG: Typst embeds it as a tiny image drawn pixelated,
 * where an SVG became thousands of path segments in the page (about 8 KB of every certificate).
 */
import { PNG } from 'pngjs';
import QRCode, { type QRCodeErrorCorrectionLevel } from 'qrcode';

export function qrCodePng(text: string, errorCorrectionLevel: QRCodeErrorCorrectionLevel): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel });
  const png = new PNG({ width: modules.size, height: modules.size, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  const gray = Buffer.alloc(modules.size * modules.size);
  for (let i = 0; i < gray.length; i++) gray[i] = modules.data[i] ? 0 : 255;
  png.data = gray;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
}
