/** What a signer needs from the PKI at signing time: time-stamps and revocation data, online or in-process alike. */

export interface TimestampAuthority {
  /** An RFC 3161 TimeStampToken (CMS ContentInfo DER) over a SHA-256 message imprint. */
  timestamp(sha256Digest: Uint8Array): Promise<Uint8Array>;
}

export interface RevocationSource {
  /** A DER OCSPResponse for `certificate`, or undefined when its issuer runs no responder here. */
  ocsp(certificate: Uint8Array, issuer: Uint8Array): Promise<Uint8Array | undefined>;
  /** The issuer's current DER CRL, or undefined when unknown. */
  crl(issuer: Uint8Array): Promise<Uint8Array | undefined>;
}
