/** Checks an RFC 3161 time-stamp token: its CMS, its imprint over the stamped bytes, and a TSA chain to the trust anchors. */
import { equalBytes, type Certificate } from './certificate';
import { validAt, type TrustAnchors } from './certificate-path';
import { oid } from './cms';
import { checkSignedData, parseSignedData } from './cms-verify';
import { children, content, expectTag, generalizedTime, oidOf, readDer, tags } from './der';
import { digest } from './signature-algorithms';

export interface TimestampResult {
  valid: boolean;
  genTime?: Date;
}

/** `pool` supplies intermediates the token may not carry (TSAs often include only their own certificate). */
export function verifyTimestampToken(token: Uint8Array, stamped: Uint8Array[], anchors: TrustAnchors, pool: Certificate[] = []): TimestampResult {
  const parsed = parseSignedData(token, anchors.cache);
  if (!parsed?.signer || parsed.eContentType !== oid.tstInfo || !parsed.eContent) return { valid: false };
  const info = parsed.eContent;
  if (checkSignedData(parsed, (digestOid) => digest(digestOid, info), false).length) return { valid: false };
  try {
    // TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber, genTime, … }
    const fields = children(expectTag(readDer(info), tags.sequence));
    const [algorithm, hashed] = children(expectTag(fields[2], tags.sequence));
    const imprint = digest(oidOf(children(expectTag(algorithm, tags.sequence))[0]), ...stamped);
    if (!imprint || !equalBytes(imprint, content(expectTag(hashed, tags.octetString)))) return { valid: false };
    const genTime = generalizedTime(fields[4]);
    const path = anchors.buildPath(parsed.signer, [...parsed.certificates, ...pool]);
    if (!path || !validAt(path, genTime)) return { valid: false };
    return { valid: true, genTime };
  } catch {
    return { valid: false };
  }
}
