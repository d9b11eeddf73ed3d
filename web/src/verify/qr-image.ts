/** Finds a QR code in a picture (a chosen image file or a camera frame) with jsQR on a canvas. */
import jsQR from 'jsqr';

/** Big photos are scaled down first: jsQR's time grows with pixels and a QR needs far fewer. */
const maxSide = 1280;

export function readQrFromPixels(source: CanvasImageSource, width: number, height: number): string | null {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

export async function readQrFromFile(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file).catch(() => null);
  if (!bitmap) return null;
  try {
    return readQrFromPixels(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}
