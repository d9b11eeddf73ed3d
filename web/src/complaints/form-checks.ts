/** Checks a complaint before it is sent, with the server's own limits (src/complaints), so the citizen learns at once what to fix. */
import type { ComplaintMessages } from './messages';

export const complaintLimits = { descriptionMin: 10, descriptionMax: 4000, attachmentBytes: 5 * 1024 * 1024, attachments: 5, oldestVisitYears: 2 };
export const acceptedAttachmentTypes = ['image/png', 'image/jpeg', 'application/pdf'];

export type ComplaintField = 'facility' | 'category' | 'visitDate' | 'description' | 'attachments';

export interface FieldProblem {
  key: keyof ComplaintMessages;
  values?: Record<string, string | number>;
}

export interface ComplaintDraft {
  facilityId: string | null;
  category: string;
  visitDate: string;
  description: string;
  attachments: readonly Pick<File, 'name' | 'type' | 'size'>[];
}

/** Today as Thailand counts days (the server checks visit dates against the same calendar day). */
export function todayInThailand(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function oldestVisitDay(today: string): string {
  return `${Number(today.slice(0, 4)) - complaintLimits.oldestVisitYears}${today.slice(4)}`;
}

export function formatBytes(bytes: number, lang: 'th' | 'en'): string {
  const number = new Intl.NumberFormat(lang === 'th' ? 'th-TH' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024 * 1024) return `${number.format(Math.max(0.1, bytes / 1024))} KB`;
  return `${number.format(bytes / 1024 / 1024)} MB`;
}

/** Why one file cannot be attached, or null; the server sniffs the bytes again, this only spares a wasted upload. */
export function attachmentProblem(file: Pick<File, 'name' | 'type' | 'size'>, lang: 'th' | 'en'): FieldProblem | null {
  if (!acceptedAttachmentTypes.includes(file.type)) return { key: 'errorAttachmentType', values: { name: file.name } };
  if (file.size > complaintLimits.attachmentBytes) return { key: 'errorAttachmentSize', values: { name: file.name, size: formatBytes(complaintLimits.attachmentBytes, lang) } };
  return null;
}

export function checkComplaint(draft: ComplaintDraft, today: string, lang: 'th' | 'en'): Partial<Record<ComplaintField, FieldProblem>> {
  const problems: Partial<Record<ComplaintField, FieldProblem>> = {};
  if (!draft.facilityId) problems.facility = { key: 'errorFacilityRequired' };
  if (!draft.category) problems.category = { key: 'errorCategoryRequired' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.visitDate)) problems.visitDate = { key: 'errorVisitDateRequired' };
  else if (draft.visitDate > today) problems.visitDate = { key: 'errorVisitDateFuture' };
  else if (draft.visitDate < oldestVisitDay(today)) problems.visitDate = { key: 'errorVisitDateTooOld' };
  const description = draft.description.trim();
  if (description.length < complaintLimits.descriptionMin) problems.description = { key: 'errorDescriptionShort', values: { min: complaintLimits.descriptionMin } };
  else if (description.length > complaintLimits.descriptionMax) problems.description = { key: 'errorDescriptionLong', values: { max: complaintLimits.descriptionMax } };
  const attachment = draft.attachments.length > complaintLimits.attachments
    ? { key: 'errorAttachmentCount' as const, values: { count: complaintLimits.attachments } }
    : draft.attachments.map((file) => attachmentProblem(file, lang)).find((problem) => problem !== null);
  if (attachment) problems.attachments = attachment;
  return problems;
}
