/** The wallet's complaint form checks, the same rules the server applies (src/complaints/file-complaint.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxAttachmentBytes, maxAttachments } from '../complaints/attachments';
import { descriptionLength, oldestVisitYears } from '../complaints/file-complaint';
import { checkComplaint, complaintLimits, formatBytes, oldestVisitDay, todayInThailand, type ComplaintDraft } from '../../web/src/complaints/form-checks';

const today = '2026-03-01';
const good: ComplaintDraft = { facilityId: 'f', category: 'overcharging', visitDate: '2026-02-20', description: 'Charged twice for one visit.', attachments: [{ name: 'bill.png', type: 'image/png', size: 1200 }] };

test('the limits are the server\'s', () => {
  assert.deepEqual(complaintLimits, { descriptionMin: descriptionLength.min, descriptionMax: descriptionLength.max, attachmentBytes: maxAttachmentBytes, attachments: maxAttachments, oldestVisitYears });
});

test('a complete complaint has no problems', () => {
  assert.deepEqual(checkComplaint(good, today, 'th'), {});
});

test('every missing field is named', () => {
  const problems = checkComplaint({ facilityId: null, category: '', visitDate: '', description: '  short ', attachments: [] }, today, 'th');
  assert.deepEqual(Object.fromEntries(Object.entries(problems).map(([field, problem]) => [field, problem.key])), {
    facility: 'errorFacilityRequired',
    category: 'errorCategoryRequired',
    visitDate: 'errorVisitDateRequired',
    description: 'errorDescriptionShort',
  });
});

test('the visit is today at the latest and within two years', () => {
  assert.equal(checkComplaint({ ...good, visitDate: '2026-03-02' }, today, 'en').visitDate?.key, 'errorVisitDateFuture');
  assert.equal(checkComplaint({ ...good, visitDate: '2024-02-29' }, today, 'en').visitDate?.key, 'errorVisitDateTooOld');
  assert.equal(checkComplaint({ ...good, visitDate: oldestVisitDay(today) }, today, 'en').visitDate, undefined);
  assert.equal(checkComplaint({ ...good, visitDate: today }, today, 'en').visitDate, undefined);
});

test('attachments: PNG, JPEG or PDF, 5 MB each, 5 at most', () => {
  assert.deepEqual(checkComplaint({ ...good, attachments: [{ name: 'notes.docx', type: 'application/msword', size: 10 }] }, today, 'en').attachments, { key: 'errorAttachmentType', values: { name: 'notes.docx' } });
  assert.deepEqual(checkComplaint({ ...good, attachments: [{ name: 'scan.pdf', type: 'application/pdf', size: maxAttachmentBytes + 1 }] }, today, 'en').attachments, { key: 'errorAttachmentSize', values: { name: 'scan.pdf', size: '5 MB' } });
  assert.equal(checkComplaint({ ...good, attachments: Array.from({ length: 6 }, () => good.attachments[0]!) }, today, 'en').attachments?.key, 'errorAttachmentCount');
});

test('sizes read as KB or MB in the page language', () => {
  assert.equal(formatBytes(1200, 'en'), '1.2 KB');
  assert.equal(formatBytes(2.5 * 1024 * 1024, 'th'), '2.5 MB');
});

test('today is Thailand\'s calendar day', () => {
  assert.equal(todayInThailand(new Date('2026-02-28T18:30:00Z')), '2026-03-01');
});
