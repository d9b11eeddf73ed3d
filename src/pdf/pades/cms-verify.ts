/**
 * Checks one CMS SignedData (a PAdES signature or a time-stamp token) on its exact DER: finds the
 * signer certificate, compares the message digest with the content, verifies the signature over the
 * signed attributes and the ESS signing-certificate binding.
 */
import { equalBytes, type Certificate, type CertificateCache } from './certificate';
import { oid } from './cms';
import { children, content, type DerNode, expectTag, octets, oidOf, raw, readDer, tags } from './der';
import type { ReasonCode } from './reasons';
import { digest, hashName, verifySignature } from './signature-algorithms';

export interface ParsedSignedData {
  eContentType: string;
  eContent?: Uint8Array;
  certificates: Certificate[];
  crls: Uint8Array[];
  signer?: Certificate;
  digestOid: string;
  /** The signed attributes re-tagged as SET OF, the bytes the signature covers. */
  signedAttrsDer?: Uint8Array;
  signedAttrs: Map<string, DerNode[]>;
  unsignedAttrs: Map<string, DerNode[]>;
  signatureAlgorithm: DerNode;
  signature: Uint8Array;
}

/** Parses a DER ContentInfo holding SignedData with exactly one signer; undefined when it is not one. */
export function parseSignedData(der: Uint8Array, cache: CertificateCache): ParsedSignedData | undefined {
  try {
    const contentInfo = children(expectTag(readDer(der), tags.sequence));
    if (oidOf(contentInfo[0]) !== oid.signedData) return undefined;
    const signedData = children(expectTag(children(expectTag(contentInfo[1], tags.context0))[0], tags.sequence));
    let i = 2;
    const encap = children(expectTag(signedData[i++], tags.sequence));
    const eContentWrapper = encap[1] ? expectTag(encap[1], tags.context0) : undefined;
    const certificates: Certificate[] = [];
    const crls: Uint8Array[] = [];
    if (signedData[i]?.tag === tags.context0) {
      for (const node of children(signedData[i++]!)) {
        const certificate = node.tag === tags.sequence ? cache.tryGet(raw(node)) : undefined;
        if (certificate) certificates.push(certificate);
      }
    }
    if (signedData[i]?.tag === tags.context1) for (const node of children(signedData[i++]!)) if (node.tag === tags.sequence) crls.push(raw(node));
    const signerInfos = children(expectTag(signedData[i], tags.set));
    if (signerInfos.length !== 1) return undefined;
    const info = children(expectTag(signerInfos[0], tags.sequence));
    const sid = info[1]!;
    const digestOid = oidOf(children(expectTag(info[2], tags.sequence))[0]);
    let j = 3;
    let signedAttrsDer: Uint8Array | undefined;
    let signedAttrs = new Map<string, DerNode[]>();
    if (info[j]?.tag === tags.context0) {
      signedAttrsDer = Uint8Array.from(raw(info[j]!));
      signedAttrsDer[0] = tags.set;
      signedAttrs = attributes(info[j++]!);
    }
    const signatureAlgorithm = expectTag(info[j++], tags.sequence);
    const signature = content(expectTag(info[j++], tags.octetString));
    const unsignedAttrs = info[j]?.tag === tags.context1 ? attributes(info[j]!) : new Map<string, DerNode[]>();
    return {
      eContentType: oidOf(encap[0]),
      eContent: eContentWrapper ? octets(children(eContentWrapper)[0]!) : undefined,
      certificates,
      crls,
      signer: findSigner(sid, certificates),
      digestOid,
      signedAttrsDer,
      signedAttrs,
      unsignedAttrs,
      signatureAlgorithm,
      signature,
    };
  } catch {
    return undefined;
  }
}

function attributes(node: DerNode): Map<string, DerNode[]> {
  const map = new Map<string, DerNode[]>();
  for (const attribute of children(node)) {
    const [type, values] = children(expectTag(attribute, tags.sequence));
    const key = oidOf(type);
    if (map.has(key)) throw new Error('Duplicate attribute.');
    map.set(key, children(expectTag(values, tags.set)));
  }
  return map;
}

function findSigner(sid: DerNode, certificates: Certificate[]): Certificate | undefined {
  if (sid.tag === tags.sequence) {
    const [issuer, serial] = children(sid);
    return certificates.find((c) => equalBytes(c.issuer, raw(issuer!)) && equalBytes(c.serial, content(expectTag(serial, tags.integer))));
  }
  if (sid.tag !== 0x80) return undefined;
  const keyId = content(sid);
  return certificates.find((c) => c.subjectKeyIdentifier !== undefined && equalBytes(c.subjectKeyIdentifier, keyId));
}

/**
 * Verifies `parsed` over content whose digest `contentDigest(digestOid)` computes; `requireEss` makes
 * a missing signing-certificate attribute an error (PAdES baseline requires it).
 */
export function checkSignedData(parsed: ParsedSignedData, contentDigest: (digestOid: string) => Uint8Array | undefined, requireEss: boolean): ReasonCode[] {
  const { signer, digestOid, signedAttrs } = parsed;
  if (!signer || !parsed.signedAttrsDer || !hashName(digestOid)) return ['signature.malformed'];
  try {
    const contentType = signedAttrs.get(oid.contentType);
    if (contentType?.length !== 1 || oidOf(contentType[0]) !== parsed.eContentType) return ['signature.malformed'];
    const messageDigest = signedAttrs.get(oid.messageDigest);
    const expected = contentDigest(digestOid);
    if (messageDigest?.length !== 1 || !expected || !equalBytes(content(expectTag(messageDigest[0], tags.octetString)), expected)) return ['signature.digest-mismatch'];
  } catch {
    return ['signature.malformed'];
  }
  if (!verifySignature(signer.publicKey, parsed.signatureAlgorithm, parsed.signedAttrsDer, parsed.signature, digestOid)) return ['signature.signature-invalid'];
  return essMatches(parsed, signer, requireEss) ? [] : ['signature.signing-certificate-invalid'];
}

/** ESS signing-certificate-v2 (or v1) names the signer certificate by hash. */
function essMatches(parsed: ParsedSignedData, signer: Certificate, required: boolean): boolean {
  const v2 = parsed.signedAttrs.get(oid.signingCertificateV2);
  const v1 = parsed.signedAttrs.get('1.2.840.113549.1.9.16.2.12');
  const value = (v2 ?? v1)?.[0];
  if (!value) return !required;
  try {
    const certs = children(expectTag(children(expectTag(value, tags.sequence))[0], tags.sequence));
    const first = children(expectTag(certs[0], tags.sequence));
    let hashOid: string = v2 ? oid.sha256 : oid.sha1;
    let hashIndex = 0;
    if (v2 && first[0]?.tag === tags.sequence) {
      hashOid = oidOf(children(first[0])[0]);
      hashIndex = 1;
    }
    const actual = digest(hashOid, signer.der);
    return !!actual && equalBytes(content(expectTag(first[hashIndex], tags.octetString)), actual);
  } catch {
    return false;
  }
}
