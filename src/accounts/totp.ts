/** TOTP second factor (RFC 6238 via otpauth): 6 digits, 30 s, one step of clock drift, each step usable once. */
import { Secret, TOTP } from 'otpauth';

const period = 30;

function totp(secretBase32: string, label = 'medcert'): TOTP {
  return new TOTP({ issuer: 'medcert', label, algorithm: 'SHA1', digits: 6, period, secret: Secret.fromBase32(secretBase32) });
}

/** A 160-bit secret (base32: fresh, or from the given 20 bytes) and its otpauth:// URI for an authenticator app. */
export function newTotpSecret(label: string, bytes?: Uint8Array): { secret: string; uri: string } {
  const secret = (bytes ? new Secret({ buffer: Uint8Array.from(bytes.subarray(0, 20)).buffer }) : new Secret({ size: 20 })).base32;
  return { secret, uri: totp(secret, label).toString() };
}

export function totpCode(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}

/**
 * The time step a code belongs to when it is valid at `at` (±1 step) and newer than `lastStep`;
 * null otherwise, so a code seen once (e.g. shoulder-surfed) cannot be replayed.
 */
export function acceptTotp(secretBase32: string, code: string, at: Date, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32).validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(at.getTime() / 1000 / period) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}
