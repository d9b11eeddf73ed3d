import assert from 'node:assert/strict';
import { test } from 'node:test';
import jsQR from 'jsqr';
import QRCode, { type QRCodeErrorCorrectionLevel } from 'qrcode';
import { qrCodeImage } from './qr-image';

const base45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** Texts of every length class, from version 1 to version 25, drawn from a fixed seed. */
function sampleTexts(): string[] {
  let seed = 20261202;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const texts: string[] = [];
  for (let length = 1; length < 1200; length += 1 + Math.floor(next() * 40)) {
    let text = 'MC1:';
    for (let i = 0; i < length; i++) text += base45[Math.floor(next() * base45.length)];
    texts.push(text);
  }
  return texts;
}

test('the modules are exactly those of qrcode with its own mask search, at every level, in alphanumeric and byte mode', () => {
  const texts = [...sampleTexts(), 'https://medcert.example/verify?id=6f1c1a3e', 'ผู้ป่วย น้ำฝน ตั้งใจดี'];
  for (const level of ['L', 'M', 'Q', 'H'] as QRCodeErrorCorrectionLevel[]) {
    for (const text of texts) {
      const expected = QRCode.create(/^[0-9A-Z $%*+\-./:]*$/.test(text) ? [{ data: text, mode: 'alphanumeric' }] : text, { errorCorrectionLevel: level }).modules;
      const image = qrCodeImage(text, level);
      assert.equal(image.size, expected.size);
      assert.ok(image.pixels.equals(Buffer.from(expected.data.map((dark) => (dark ? 0 : 255)))), `${level} ${text.length} characters`);
    }
  }
});

test('an independent decoder (jsQR) reads the text back', () => {
  const text = `MC1:${'6BFOXN*TS0BI$ZD-PHQ7I9AD66V5B22CH9M9ESI9XBHXK-%69LQOGI.*V76GCV4*XUA2P-FHT-HNTI4L6N$Q%UG/YL'.repeat(4)}`;
  const { size, pixels } = qrCodeImage(text, 'M');
  const scale = 4;
  const side = (size + 8) * scale;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / scale) - 4;
      const col = Math.floor(x / scale) - 4;
      if (row >= 0 && row < size && col >= 0 && col < size && pixels[row * size + col] === 0) rgba.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  assert.equal(jsQR(rgba, side, side)?.data, text);
});
