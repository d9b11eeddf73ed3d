/** A signer check for tests of what happens after it: everyone may sign, no standing consent is on record, the parties are placeholders. */
import type { SignerCheck, SignerEligibility } from '../certificates/ports';

export function signerCheckOf(practitionerId: string, facilityId: string): SignerCheck {
  return {
    parties: {
      facility: { id: facilityId, licenceNumber: 'F-TEST', nameTh: 'สถานพยาบาลทดสอบ', nameEn: 'Test Facility', address: 'Bangkok' },
      practitioner: { id: practitionerId, profession: 'physician', licenceNumber: 'ว.TEST', nameTh: 'หมอ', nameEn: 'Doctor' },
    },
    consented: false,
  };
}

export const everyoneMaySign: SignerEligibility = { assertMaySign: async (practitionerId, facilityId) => signerCheckOf(practitionerId, facilityId) };
