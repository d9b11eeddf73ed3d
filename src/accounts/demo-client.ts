/**
 * The demo HIS client of a facility: its id is derived from the facility and its secret from the
 * accounts key, so `medcert demo` can run any number of times and always print the same working credentials.
 */
import { createHash, createHmac } from 'node:crypto';
import type { AccountsDeps } from './deps';
import { upsertClient } from './oauth-clients';

function derive(key: Buffer, label: string): Buffer {
  return createHmac('sha256', key).update(label).digest();
}

function digest(label: string): Buffer {
  return createHash('sha256').update(label).digest();
}

/** A UUID (version 8: custom) made from a digest, so the same facility always gets the same client id. */
function uuidFrom(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function ensureDemoClient(deps: AccountsDeps, facilityId: string): Promise<{ id: string; secret: string }> {
  const facility = facilityId.toLowerCase();
  // The id depends on the facility alone, so a new KEK re-keys the same client instead of adding one.
  const id = uuidFrom(digest(`medcert-demo-client:${facility}`));
  const secret = derive(deps.keys.demoClient, `secret:${facility}`).toString('base64url');
  await upsertClient(deps, { id, facilityId: facility, label: 'Demo HIS', secret });
  return { id, secret };
}
