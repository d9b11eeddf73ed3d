/** Builds and checks a certification path from a signer certificate to one of the trust anchors. */
import * as pkijs from 'pkijs';
import { parseCertificate } from './cms';
import { verifyWith } from './signature-algorithms';

const maxPathLength = 8;

export class TrustAnchors {
  private readonly anchors: pkijs.Certificate[];
  private readonly anchorDer: Set<string>;
  private readonly verified = new Map<string, boolean>();

  constructor(anchors: Uint8Array[]) {
    this.anchors = anchors.map(parseCertificate);
    this.anchorDer = new Set(anchors.map((der) => Buffer.from(der).toString('base64')));
  }

  /** The path leaf → … → anchor, or undefined when none verifies; `pool` holds candidate intermediates. */
  buildPath(leaf: pkijs.Certificate, pool: pkijs.Certificate[]): pkijs.Certificate[] | undefined {
    const path = [leaf];
    for (let depth = 0; depth < maxPathLength; depth++) {
      const current = path[path.length - 1]!;
      if (this.isAnchor(current)) return path;
      const anchor = this.anchors.find((candidate) => candidate.subject.isEqual(current.issuer) && this.signedBy(current, candidate));
      if (anchor) return [...path, anchor];
      const issuer = pool.find((candidate) => candidate !== current && !path.includes(candidate) && candidate.subject.isEqual(current.issuer) && isCa(candidate) && this.signedBy(current, candidate));
      if (!issuer) return undefined;
      path.push(issuer);
    }
    return undefined;
  }

  private isAnchor(certificate: pkijs.Certificate): boolean {
    return this.anchorDer.has(Buffer.from(certificate.toSchema().toBER()).toString('base64'));
  }

  private signedBy(subject: pkijs.Certificate, issuer: pkijs.Certificate): boolean {
    const key = `${Buffer.from(subject.signatureValue.valueBlock.valueHexView).toString('base64')}|${Buffer.from(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).toString('base64')}`;
    let ok = this.verified.get(key);
    if (ok === undefined) {
      ok = verifyWith(issuer, subject.signatureAlgorithm, subject.tbsView, subject.signatureValue.valueBlock.valueHexView);
      this.verified.set(key, ok);
    }
    return ok;
  }
}

function isCa(certificate: pkijs.Certificate): boolean {
  const extension = certificate.extensions?.find((e) => e.extnID === '2.5.29.19');
  return extension?.parsedValue instanceof pkijs.BasicConstraints && extension.parsedValue.cA === true;
}

/** True when every certificate of the path is within its validity period at `time`. */
export function validAt(path: pkijs.Certificate[], time: Date): boolean {
  return path.every((certificate) => certificate.notBefore.value <= time && time <= certificate.notAfter.value);
}

export function commonName(certificate: pkijs.Certificate): string {
  const cn = certificate.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3');
  return cn ? String(cn.value.valueBlock.value) : '';
}
