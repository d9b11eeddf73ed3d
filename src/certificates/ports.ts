/** What issuance needs from its neighbours, as narrow interfaces the app context fills in (and tests fake). */
import type { QueryCreator } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import type { SigningFacility, SigningPractitioner } from '../registry/signing-standing';
import type { PadesLevel } from './tables';

export interface Patient {
  nationalId?: string;
  passport?: { number: string; nationality: string };
  workPermit?: string;
  nameTh?: string;
  nameEn: string;
  birthDate?: string;
  /** The patient's mobile number, for wallet sign-in codes: kept apart from the certificate (citizen_contacts), never printed. */
  phone?: string;
}

export interface CertificateTypeCatalog {
  /** Throws a typed input error naming the fields when `data` does not fit the type's schema. */
  validate(typeId: string, data: unknown): void;
  /** The JSON Schema of the type's `data` (throws a not-found error for an unknown type). */
  schema(typeId: string): JsonSchemaObject;
  /** Whether certificates of the type can carry an EU DCC for travel. */
  carriesEuDcc(typeId: string): boolean;
}

export interface JsonSchemaObject {
  type?: string | string[];
  properties?: Record<string, JsonSchemaObject>;
  items?: JsonSchemaObject;
  required?: string[];
  [keyword: string]: unknown;
}

/** Who signs and seals a certificate, as the certificate and the signatures name them. */
export interface SigningParties {
  facility: SigningFacility;
  practitioner: SigningPractitioner;
}

export interface SignerCheck {
  parties: SigningParties;
  /** Whether an active standing consent of the practitioner covers the type asked about at the facility (false when none was asked). */
  consented: boolean;
}

export interface SignerEligibility {
  /**
   * Throws a typed error when the practitioner may not sign for the facility at `at` (licence not active,
   * not a signer there); otherwise answers who the parties are and, given `consentFor` (a certificate type),
   * whether the practitioner's standing consent covers it there: one question to the registry.
   */
  assertMaySign(practitionerId: string, facilityId: string, at: Date, consentFor?: string): Promise<SignerCheck>;
}

export interface ProducedCertificate {
  pdf: Uint8Array;
  qrPayload: string;
  /** The EU DCC printed beside our QR when the certificate is for travel. */
  dccHc1?: string;
}

export interface CertificateToProduce {
  id: string;
  type: string;
  facilityId: string;
  practitionerId: string;
  level: PadesLevel;
  data: Record<string, unknown>;
  patient: Patient;
  issuedAt: Date;
  supersedes: string | null;
  travel: boolean;
}

/** Renders, signs (practitioner, then facility seal) and returns the PDF and its QR payload. */
export interface CertificateProducer {
  /** `parties`, when the caller has just read them, spare the producer reading them again. */
  produce(certificate: CertificateToProduce, parties?: SigningParties): Promise<ProducedCertificate>;
}

export interface AuditEventInput {
  actor: string;
  action: string;
  targetKind: string;
  targetId: string;
  facilityId?: string;
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditAppender {
  /** Appends within `within` (a transaction) when given, so the event commits with the change it records. */
  append(event: AuditEventInput, within?: Db): Promise<unknown>;
  /** Starts a statement that also records `event`, so the event commits exactly with the change the statement makes. */
  recording(event: AuditEventInput, db?: Db): QueryCreator<Database>;
}

export interface CertificateEvent {
  type: 'certificate.issued' | 'certificate.revoked' | 'certificate.superseded';
  certificateId: string;
  facilityId: string;
  status: string;
  occurredAt: string;
}

/** Told after a lifecycle change has committed (webhooks, LINE pushes); a failing listener never undoes the change. */
export type CertificateEventListener = (event: CertificateEvent) => Promise<void>;
