/** An X.509 certificate as the validator needs it: its exact DER parts plus node's native X509Certificate for keys, dates and signatures. */
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { children, content, type DerNode, expectTag, oidOf, raw, readDer, tags } from './der';
import { verifySignature } from './signature-algorithms';

export class Certificate {
  readonly der: Uint8Array;
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  /** The INTEGER content octets. */
  readonly serial: Uint8Array;
  readonly spkiBitString: Uint8Array;
  readonly subjectKeyIdentifier?: Uint8Array;
  private native?: X509Certificate;
  private base64?: string;

  private constructor(der: Uint8Array) {
    this.der = der;
    const certificate = expectTag(readDer(der), tags.sequence);
    if (certificate.end !== der.length) throw new Error('Trailing data after a certificate.');
    const tbs = children(expectTag(children(certificate)[0], tags.sequence));
    const offset = tbs[0]?.tag === tags.context0 ? 1 : 0;
    this.serial = content(expectTag(tbs[offset], tags.integer));
    this.issuer = raw(expectTag(tbs[offset + 2], tags.sequence));
    this.subject = raw(expectTag(tbs[offset + 4], tags.sequence));
    this.spkiBitString = content(expectTag(children(expectTag(tbs[offset + 5], tags.sequence))[1], tags.bitString));
    const extensions = tbs.find((node) => node.tag === 0xa3);
    for (const extension of extensions ? children(expectTag(children(extensions)[0], tags.sequence)) : []) {
      const parts = children(expectTag(extension, tags.sequence));
      if (oidOf(parts[0]) === '2.5.29.14') this.subjectKeyIdentifier = content(expectTag(readDer(content(expectTag(parts[parts.length - 1], tags.octetString))), tags.octetString));
    }
  }

  static parse(der: Uint8Array): Certificate {
    return new Certificate(der);
  }

  get x509(): X509Certificate {
    this.native ??= new X509Certificate(this.der);
    return this.native;
  }

  get publicKey(): KeyObject {
    return this.x509.publicKey;
  }

  /** The DER in base64: an identity for maps and sets, computed once (chain checks ask for it often). */
  get key(): string {
    this.base64 ??= Buffer.from(this.der).toString('base64');
    return this.base64;
  }

  isCa(): boolean {
    return this.x509.ca;
  }

  validAt(time: Date): boolean {
    return Date.parse(this.x509.validFrom) <= time.getTime() && time.getTime() <= Date.parse(this.x509.validTo);
  }

  /** True when the subject has an attribute of type `attributeOid` (e.g. 2.5.4.97 organizationIdentifier). */
  hasSubjectAttribute(attributeOid: string): boolean {
    return children(readDer(this.subject)).some((rdn) => children(rdn).some((pair) => oidOf(children(pair)[0]) === attributeOid));
  }

  commonName(): string {
    const line = this.x509.subject.split('\n').find((l) => l.startsWith('CN='));
    return line ? line.slice(3) : '';
  }
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * Parsed certificates by DER, so a validator that sees the same chains again skips parsing and key import;
 * and the outcomes of signature checks on revocation data, which many files embed alike (a CA's CRL,
 * the OCSP response for an intermediate) and one validation reads more than once.
 */
export class CertificateCache {
  private readonly entries = new Map<string, Certificate>();
  private readonly signatures = new Map<string, boolean>();
  private readonly parses = new Map<string, unknown>();
  constructor(private readonly capacity = 2000) {}

  /** `parse` of a copy of `der`, remembered by `kind` and the exact bytes (revocation data recurs across files). */
  parsed<T>(kind: string, der: Uint8Array, parse: (der: Uint8Array) => T): T {
    const key = `${kind}:${Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64')}`;
    if (this.parses.has(key)) return this.parses.get(key) as T;
    // A copy: the bytes may be a view into an upload, which the cache must neither keep alive nor see reused.
    const value = parse(Uint8Array.from(der));
    if (this.parses.size >= this.capacity) this.parses.clear();
    this.parses.set(key, value);
    return value;
  }

  /** verifySignature, remembered by a digest of everything it depends on. */
  verifiedSignature(signer: Certificate, algorithm: DerNode, data: Uint8Array, signature: Uint8Array): boolean {
    const key = createHash('sha256').update(`${signer.der.length}:${algorithm.end - algorithm.start}:${data.length}:${signature.length}:`).update(signer.der).update(raw(algorithm)).update(data).update(signature).digest('base64');
    let valid = this.signatures.get(key);
    if (valid === undefined) {
      valid = verifySignature(signer.publicKey, algorithm, data, signature);
      if (this.signatures.size >= this.capacity * 4) this.signatures.clear();
      this.signatures.set(key, valid);
    }
    return valid;
  }

  get(der: Uint8Array): Certificate {
    const key = Buffer.from(der).toString('base64');
    let certificate = this.entries.get(key);
    if (!certificate) {
      if (this.entries.size >= this.capacity) this.entries.clear();
      certificate = Certificate.parse(Uint8Array.from(der));
      this.entries.set(key, certificate);
    }
    return certificate;
  }

  /** Like get, but undefined for bytes that are not a certificate. */
  tryGet(der: Uint8Array): Certificate | undefined {
    try {
      return this.get(der);
    } catch {
      return undefined;
    }
  }
}
