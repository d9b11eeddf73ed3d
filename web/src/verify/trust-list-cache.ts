/**
 * Keeps the last trust list this browser fetched, so QR payloads can still be checked when the
 * service cannot be reached. Refreshed with If-None-Match on every page load that is online.
 */
import type { TrustListForQr } from './offline-qr';

export const trustListStorageKey = 'medcert.trust-list';

interface Cached {
  etag: string | null;
  list: TrustListForQr;
}

export async function refreshTrustList(storage: Storage = localStorage, fetcher: typeof fetch = fetch): Promise<TrustListForQr | null> {
  const cached = readCached(storage);
  try {
    const response = await fetcher('/trust-list.json', { headers: cached?.etag ? { 'if-none-match': cached.etag } : {} });
    if (response.status === 304 && cached) return cached.list;
    if (!response.ok) return cached?.list ?? null;
    const list = (await response.json()) as unknown;
    if (!isTrustList(list)) return cached?.list ?? null;
    storage.setItem(trustListStorageKey, JSON.stringify({ etag: response.headers.get('etag'), list } satisfies Cached));
    return list;
  } catch {
    return cached?.list ?? null;
  }
}

export function cachedTrustList(storage: Storage = localStorage): TrustListForQr | null {
  return readCached(storage)?.list ?? null;
}

function readCached(storage: Storage): Cached | null {
  try {
    const parsed = JSON.parse(storage.getItem(trustListStorageKey) ?? 'null') as Cached | null;
    return parsed && isTrustList(parsed.list) ? parsed : null;
  } catch {
    return null;
  }
}

function isTrustList(value: unknown): value is TrustListForQr {
  const candidate = value as Partial<TrustListForQr> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.issuedAt === 'string' && Array.isArray(candidate.sealKeys);
}
