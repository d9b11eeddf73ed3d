import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../errors';
import { facilitySubject, practitionerSubject } from './subjects';

/** The ASN.1 string tag right after an attribute's OID (55 04 xx) in a DER name. */
const tagAfter = (der: ArrayBuffer, attribute: number) => {
  const bytes = Buffer.from(der);
  const at = bytes.indexOf(Buffer.from([0x06, 0x03, 0x55, 0x04, attribute]));
  return bytes[at + 5];
};
const printableString = 0x13;
const utf8String = 0x0c;

describe('practitionerSubject', () => {
  it('carries an ASCII licence number as a PrintableString serialNumber', () => {
    const name = practitionerSubject({ nameEn: 'Dr A', nameTh: 'หมอ ก', licenceNumber: 'MD-1' });
    assert.equal(name.getField('2.5.4.5')[0], 'MD-1');
    assert.equal(tagAfter(name.toArrayBuffer(), 0x05), printableString);
  });

  it('carries a Thai licence number (ว.12345) as a UTF8String serialNumber', () => {
    const name = practitionerSubject({ nameEn: 'Dr A', nameTh: 'หมอ ก', licenceNumber: 'ว.12345' });
    assert.equal(name.getField('2.5.4.5')[0], 'ว.12345');
    assert.equal(tagAfter(name.toArrayBuffer(), 0x05), utf8String);
    assert.equal(tagAfter(name.toArrayBuffer(), 0x06), printableString);
  });

  it('keeps commas, quotes and backslashes in names as given', () => {
    const name = practitionerSubject({ nameEn: 'Jaidee, Somchai "Tom" \\ Jr', nameTh: 'สมชาย', licenceNumber: 'MD-2' });
    assert.equal(name.getField('CN')[0], 'Jaidee, Somchai "Tom" \\ Jr');
  });

  it('refuses an empty or overlong licence number', () => {
    assert.throws(() => practitionerSubject({ nameEn: 'Dr A', nameTh: 'หมอ', licenceNumber: '' }), InvalidInputError);
    assert.throws(() => practitionerSubject({ nameEn: 'Dr A', nameTh: 'หมอ', licenceNumber: 'x'.repeat(65) }), InvalidInputError);
  });
});

describe('facilitySubject', () => {
  it('names the facility and its licence as organizationIdentifier', () => {
    const name = facilitySubject({ nameEn: 'Test Clinic', nameTh: 'คลินิกทดสอบ', licenceNumber: '11001234' });
    assert.equal(name.getField('2.5.4.97')[0], 'TH:11001234');
    assert.equal(name.getField('O')[0], 'Test Clinic');
    assert.equal(name.getField('2.5.4.41')[0], 'คลินิกทดสอบ');
  });
});
