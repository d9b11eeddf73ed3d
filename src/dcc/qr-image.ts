/** QR images of HC1 strings: rendered with error correction level Q (eHN spec), and read back from PNG with jsQR. */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/** A PNG of the QR code; base45 text is all QR alphanumeric characters, so qrcode picks the compact alphanumeric mode. */
export async function renderHc1QrPng(hc1: string): Promise<Buffer> {
  return QRCode.toBuffer(hc1, { errorCorrectionLevel: 'Q', type: 'png', margin: 4, scale: 4 });
}

/** An SVG of the QR code, for placing beside our own QR in rendered certificates. */
export async function renderHc1QrSvg(hc1: string): Promise<string> {
  return QRCode.toString(hc1, { errorCorrectionLevel: 'Q', type: 'svg', margin: 4 });
}

/** The text of the QR code in a PNG image, or null when the image is not a PNG or holds no readable QR code. */
export function readQrPng(png: Uint8Array): string | null {
  try {
    const image = PNG.sync.read(Buffer.from(png));
    return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
  } catch {
    return null;
  }
}
