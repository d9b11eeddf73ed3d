/** Builds and checks a certification path from a signer (or TSA) certificate to one of the trust anchors. */
import { equalBytes, type Certificate, type CertificateCache } from './certificate';

const maxPathLength = 8;

export class TrustAnchors {
  private readonly anchors: Certificate[];
  private readonly anchorDer: Set<string>;
  private readonly verified = new Map<string, boolean>();

  constructor(
    anchors: Uint8Array[],
    readonly cache: CertificateCache,
  ) {
    this.anchors = anchors.map((der) => cache.get(der));
    this.anchorDer = new Set(this.anchors.map((a) => a.key));
  }

  /** The path leaf → … → anchor, or undefined when none verifies; `pool` holds candidate intermediates. */
  buildPath(leaf: Certificate, pool: Certificate[]): Certificate[] | undefined {
    const path = [leaf];
    for (let depth = 0; depth < maxPathLength; depth++) {
      const current = path[path.length - 1]!;
      if (this.anchorDer.has(current.key)) return path;
      const anchor = this.anchors.find((candidate) => equalBytes(candidate.subject, current.issuer) && this.signedBy(current, candidate));
      if (anchor) return [...path, anchor];
      const issuer = pool.find((candidate) => !path.includes(candidate) && equalBytes(candidate.subject, current.issuer) && candidate.isCa() && this.signedBy(current, candidate));
      if (!issuer) return undefined;
      path.push(issuer);
    }
    return undefined;
  }

  private signedBy(subject: Certificate, issuer: Certificate): boolean {
    const key = `${subject.key}|${issuer.key}`;
    let ok = this.verified.get(key);
    if (ok === undefined) {
      try {
        ok = subject.x509.verify(issuer.publicKey);
      } catch {
        ok = false;
      }
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(key, ok);
    }
    return ok;
  }
}

/** True when every certificate of the path is within its validity period at `time`. */
export function validAt(path: Certificate[], time: Date): boolean {
  return path.every((certificate) => certificate.validAt(time));
}
