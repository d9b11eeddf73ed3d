import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkAttachments, maxAttachmentBytes, sniffAttachmentType } from './attachments';
import { AttachmentTooLargeError, UnsupportedAttachmentError } from './errors';
import { sampleFiles } from './test-support';

const magic = { 'image/png': sampleFiles.png.subarray(0, 8), 'image/jpeg': sampleFiles.jpeg.subarray(0, 3), 'application/pdf': sampleFiles.pdf.subarray(0, 5) } as const;

test('any bytes after a PNG, JPEG or PDF signature are that type', () => {
  fc.assert(
    fc.property(fc.constantFrom(...(Object.keys(magic) as (keyof typeof magic)[])), fc.uint8Array({ maxLength: 64 }), (type, rest) => {
      assert.equal(sniffAttachmentType(Buffer.concat([magic[type], rest])), type);
    }),
  );
});

test('bytes that start with none of the signatures are refused, whatever their length', () => {
  const isAccepted = (bytes: Uint8Array) => Object.values(magic).some((m) => bytes.length >= m.length && m.every((b, i) => bytes[i] === b));
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }).filter((bytes) => !isAccepted(bytes)), (bytes) => {
      assert.equal(sniffAttachmentType(bytes), undefined);
      assert.throws(() => checkAttachments([bytes]), UnsupportedAttachmentError);
    }),
  );
});

test('a truncated signature is not enough', () => {
  assert.equal(sniffAttachmentType(sampleFiles.png.subarray(0, 7)), undefined);
  assert.equal(sniffAttachmentType(Buffer.from('%PDF')), undefined);
});

test('size and count limits count what is already attached', () => {
  assert.throws(() => checkAttachments([new Uint8Array(maxAttachmentBytes + 1)]), AttachmentTooLargeError);
  assert.throws(() => checkAttachments([sampleFiles.png], 5), UnsupportedAttachmentError);
  assert.deepEqual(checkAttachments([sampleFiles.png], 4).map((a) => a.contentType), ['image/png']);
});
