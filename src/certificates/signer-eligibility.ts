/** Who may sign: a practitioner whose licence is active, who is a signer at a facility whose licence is active (DESIGN.md section 3). */
import { ForbiddenError } from '../errors';
import type { RegistryService } from '../registry/service';
import { consentCovers } from './consents';
import type { SignerEligibility } from './ports';

/** The practitioner's professional licence is not active (suspended, revoked, expired or never recorded). */
export class PractitionerNotLicensedError extends ForbiddenError {
  static override code = 'ERR_PRACTITIONER_NOT_LICENSED';
}

/** The practitioner is not a signer at this facility. */
export class NotASignerError extends ForbiddenError {
  static override code = 'ERR_NOT_A_SIGNER';
}

/** The facility's licence is not active. */
export class FacilityNotLicensedError extends ForbiddenError {
  static override code = 'ERR_FACILITY_NOT_LICENSED';
}

export function registrySignerEligibility(registry: RegistryService): SignerEligibility {
  return {
    async assertMaySign(practitionerId, facilityId, at, consentFor) {
      const { practitionerStatus, facilityStatus, signer, facility, practitioner, condition } = await registry.signingPartiesAt(
        practitionerId,
        facilityId,
        at,
        consentFor === undefined ? undefined : consentCovers(practitionerId, facilityId, consentFor),
      );
      if (practitionerStatus !== 'active') {
        throw new PractitionerNotLicensedError(`The practitioner's licence is ${practitionerStatus ?? 'not recorded'}, so they cannot sign.`);
      }
      if (facilityStatus !== 'active') throw new FacilityNotLicensedError(`The facility's licence is ${facilityStatus ?? 'not recorded'}, so it cannot issue certificates.`);
      if (!signer) throw new NotASignerError('The practitioner is not a signer at this facility.');
      // An active licence is only ever recorded for an existing facility and practitioner.
      if (!facility || !practitioner) throw new NotASignerError('The practitioner or the facility is not in the registry.');
      return { parties: { facility, practitioner }, consented: condition };
    },
  };
}
