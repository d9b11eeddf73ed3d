/** The key-store contract: keys are generated inside a store and sign there; private keys never leave it in clear. */

export type KeyAlgorithm = 'ECDSA-P256' | 'RSA-3072';

/** A private key held by a key store. */
export interface SigningKey {
  readonly id: string;
  readonly algorithm: KeyAlgorithm;
  /** The public key as SubjectPublicKeyInfo DER. */
  publicKeySpki(): Promise<Uint8Array>;
  /**
   * Signs `data` with SHA-256 (hashing happens inside the store or just before it).
   * ECDSA signatures come back in IEEE P1363 form (r‖s, 64 bytes), as COSE wants; CMS callers convert to DER.
   * RSA keys sign with RSASSA-PKCS1-v1_5 unless `padding: 'pss'`.
   */
  sign(data: Uint8Array, options?: { padding?: 'pkcs1' | 'pss' }): Promise<Uint8Array>;
}

export interface KeyStore {
  readonly kind: 'software' | 'pkcs11';
  generate(label: string, algorithm: KeyAlgorithm): Promise<SigningKey>;
  get(id: string): Promise<SigningKey>;
}

/** A key with its X.509 certificate and the issuer chain (issuing CA first, root last), all DER. */
export interface SigningIdentity {
  key: SigningKey;
  certificate: Uint8Array;
  chain: Uint8Array[];
}
