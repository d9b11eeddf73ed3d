/** Table types of the PKI: wrapped or token-held keys, and every certificate the CAs issued or imported. */
import type { ColumnType, Generated } from 'kysely';

export type CertificateOwnerKind = 'root-ca' | 'issuing-ca' | 'external-ca' | 'tsa' | 'facility' | 'practitioner' | 'document-signer' | 'other';
export type CertificateStatus = 'good' | 'revoked';

export interface PkiTables {
  pki_keys: {
    id: Generated<string>;
    label: string;
    algorithm: 'ECDSA-P256' | 'RSA-3072';
    store: 'software' | 'pkcs11';
    /** AES-256-GCM(iv ‖ ciphertext ‖ tag) of the PKCS#8 key; null for keys that live on a token. */
    wrapped: Uint8Array | null;
    public_key: Uint8Array;
    created_at: ColumnType<Date, Date | undefined, never>;
  };
  pki_certificates: {
    id: Generated<string>;
    /** Lower-case hex, no leading zeros stripped: as encoded in the certificate. */
    serial: string;
    /** The issuing CA's row; null for a root or an imported external issuer. */
    issuer_id: string | null;
    issuer: string;
    subject: string;
    der: Uint8Array;
    key_id: string | null;
    owner_kind: CertificateOwnerKind;
    owner_id: string | null;
    /** For CA certificates: the name in `/pki/crl/{ca}.crl`. */
    ca_name: string | null;
    not_before: Date;
    not_after: Date;
    status: CertificateStatus;
    revoked_at: Date | null;
    revocation_reason: string | null;
    created_at: ColumnType<Date, Date | undefined, never>;
  };
}
