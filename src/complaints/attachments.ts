/** Which attachments a complaint accepts: PNG, JPEG or PDF as their first bytes say (never the declared type), a few, each of bounded size. */
import { AttachmentTooLargeError, UnsupportedAttachmentError } from './errors';
import type { AttachmentType } from './tables';

export const maxAttachmentBytes = 5 * 1024 * 1024;
export const maxAttachments = 5;

const signatures: readonly { type: AttachmentType; magic: readonly number[] }[] = [
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { type: 'application/pdf', magic: [...Buffer.from('%PDF-')] },
];

/** The content type the bytes really have, or undefined when they are none of the accepted ones. */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | undefined {
  return signatures.find(({ magic }) => bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte))?.type;
}

/** Checks every attachment before anything is stored, and gives each its sniffed content type. */
export function checkAttachments(files: readonly Uint8Array[], alreadyAttached = 0): { bytes: Uint8Array; contentType: AttachmentType }[] {
  if (files.length + alreadyAttached > maxAttachments) throw new UnsupportedAttachmentError(`A complaint takes at most ${maxAttachments} attachments.`);
  return files.map((bytes, i) => {
    if (bytes.byteLength > maxAttachmentBytes) throw new AttachmentTooLargeError(`Attachment ${i + 1} is larger than ${maxAttachmentBytes / 1024 / 1024} MB.`);
    const contentType = sniffAttachmentType(bytes);
    if (!contentType) throw new UnsupportedAttachmentError(`Attachment ${i + 1} is not a PNG, JPEG or PDF file.`);
    return { bytes, contentType };
  });
}
