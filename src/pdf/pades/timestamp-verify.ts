/** Checks an RFC 3161 time-stamp token: its CMS, its imprint over the stamped bytes, and a TSA chain to the trust anchors. */
import * as pkijs from 'pkijs';
import { validAt, type TrustAnchors } from './certificate-path';
import { oid, toArrayBuffer } from './cms';
import { checkSignedData, parseSignedData } from './cms-verify';
import { digest } from './signature-algorithms';

export interface TimestampResult {
  valid: boolean;
  genTime?: Date;
}

export function verifyTimestampToken(token: Uint8Array, stamped: Uint8Array[], anchors: TrustAnchors): TimestampResult {
  const parsed = parseSignedData(token);
  const eContent = parsed?.signedData.encapContentInfo;
  if (!parsed?.signer || eContent?.eContentType !== oid.tstInfo || !eContent.eContent) return { valid: false };
  const info = new Uint8Array(eContent.eContent.getValue());
  if (checkSignedData(parsed, (digestOid) => digest(digestOid, info), false).length) return { valid: false };
  let tstInfo: pkijs.TSTInfo;
  try {
    tstInfo = pkijs.TSTInfo.fromBER(toArrayBuffer(info));
  } catch {
    return { valid: false };
  }
  const imprint = digest(tstInfo.messageImprint.hashAlgorithm.algorithmId, ...stamped);
  if (!imprint?.equals(Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView))) return { valid: false };
  const path = anchors.buildPath(parsed.signer, parsed.certificates);
  if (!path || !validAt(path, tstInfo.genTime)) return { valid: false };
  return { valid: true, genTime: tstInfo.genTime };
}
