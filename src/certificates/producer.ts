/**
 * Produces a certificate's signed PDF: the facility's e-seal signs the QR payload, Typst renders
 * the page, the practitioner signs first (certification, DocMDP P2), then the facility seals it at
 * the certificate's PAdES level with time-stamps and revocation data from the PKI. A travel certificate
 * also carries its EU DCC (HC1), printed as a second QR and kept in the embedded data.
 */
import { maskIdentifier } from '../identity/foreign-identifier';
import { maskNationalId } from '../identity/thai-national-id';
import { signPdf, type PadesLevel } from '../pdf/pades/sign';
import type { PkiService } from '../pki/service';
import type { RegistryService } from '../registry/service';
import type { CertificateRenderer } from '../pdf/render/render-certificate';
import type { CertificateProducer, CertificateToProduce, Patient, SigningParties } from './ports';
import { encodeMc1 } from './qr-payload';
import { travelDccPayload } from './travel-dcc';
import type { CertificateTypes } from './types/catalog';

export interface ProducerDeps {
  registry: RegistryService;
  pki: PkiService;
  types: CertificateTypes;
  render: CertificateRenderer;
  publicBaseUrl: string;
  /** Issues the EU DCC of a travel certificate (the DCC service with its document signer). */
  issueDcc: (payload: Record<string, unknown>) => Promise<{ hc1: string }>;
}

export function createCertificateProducer(deps: ProducerDeps): CertificateProducer {
  async function partiesOf(certificate: CertificateToProduce): Promise<SigningParties> {
    const [facility, practitioner] = await Promise.all([deps.registry.getFacility(certificate.facilityId), deps.registry.getPractitioner(certificate.practitionerId)]);
    return { facility, practitioner };
  }

  return {
    async produce(certificate: CertificateToProduce, parties?: SigningParties) {
      const { facility, practitioner } = parties ?? (await partiesOf(certificate));
      const [seal, signer] = await Promise.all([
        deps.pki.identityForFacility({ id: facility.id, nameTh: facility.nameTh, nameEn: facility.nameEn, licenceNumber: facility.licenceNumber }),
        deps.pki.identityForPractitioner({ id: practitioner.id, nameTh: practitioner.nameTh, nameEn: practitioner.nameEn, licenceNumber: practitioner.licenceNumber, organization: facility.nameEn }),
      ]);
      const type = deps.types.get(certificate.type);
      const maskedId = maskedIdentifier(certificate.patient);
      const dccHc1 =
        certificate.travel && type.euDcc
          ? (await deps.issueDcc(travelDccPayload({ mapping: type.euDcc, data: certificate.data, patient: certificate.patient, facility }))).hc1
          : undefined;
      const qrPayload = await encodeMc1(
        { id: certificate.id, type: certificate.type, iat: Math.floor(certificate.issuedAt.getTime() / 1000), facility: facility.id, practitionerLicence: practitioner.licenceNumber, name: certificate.patient.nameEn, maskedId },
        seal,
      );
      const rendered = await deps.render({
        type,
        documentId: certificate.id,
        issuedAt: certificate.issuedAt,
        data: certificate.data,
        facility: { id: facility.id, licenceNumber: facility.licenceNumber, nameTh: facility.nameTh, nameEn: facility.nameEn, address: facility.address },
        practitioner: { licenceNumber: practitioner.licenceNumber, profession: practitioner.profession, nameTh: practitioner.nameTh, nameEn: practitioner.nameEn },
        patient: { nameTh: certificate.patient.nameTh, nameEn: certificate.patient.nameEn, maskedId, birthDate: certificate.patient.birthDate },
        qrPayload,
        dccHc1,
        verifyUrl: `${deps.publicBaseUrl.replace(/\/+$/, '')}/verify`,
      });
      const signed = await signPdf(rendered, { identity: signer, level: 'B-B', certify: true, signingTime: certificate.issuedAt });
      const sealed = await signPdf(signed, { identity: seal, level: certificate.level as PadesLevel, earlierSigners: [signer], timestampAuthority: deps.pki.tsa, revocationSource: deps.pki.revocation });
      return { pdf: sealed, qrPayload, dccHc1 };
    },
  };
}

export function maskedIdentifier(patient: Patient): string {
  if (patient.nationalId) return maskNationalId(patient.nationalId);
  if (patient.passport) return `${patient.passport.nationality} ${maskIdentifier(patient.passport.number)}`;
  return maskIdentifier(patient.workPermit ?? '');
}
