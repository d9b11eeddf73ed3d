/** The wallet's calls to the server: sign-in by SMS code, my certificates, share links, who verified them, LINE, and the public shared view. */

export interface Bilingual {
  th: string;
  en: string;
}

export interface WalletCertificate {
  id: string;
  type: string;
  typeName: Bilingual | null;
  status: string;
  issuedAt: string | null;
  facility: { id: string; name: Bilingual };
  qrPayload: string | null;
  hasPdf: boolean;
}

export interface ShareLink {
  id: string;
  certificateId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
  opens: { at: string; action: 'view' | 'download'; agent: string }[];
}

/** One verification of my certificate: by an organisation's API key, or anonymous (the public page, the API without a key). */
export interface Verification {
  organisation: { id: string; name: string; kind: string } | null;
  at: string;
}

export interface LineStatus {
  linked: boolean;
  linkedAt: string | null;
}

export interface SharedCertificate {
  certificate: {
    id: string;
    type: string;
    typeName: Bilingual | null;
    status: string;
    issuedAt: string | null;
    facility: { name: Bilingual };
    patient: { nameTh: string | null; nameEn: string; maskedId: string };
  };
  expiresAt: string;
}

export interface Problem {
  type?: string;
  status: number;
  detail?: string;
  reason?: string;
}

export type Answer<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export type Lifetime = '1h' | '24h' | '7d';

/** The session's CSRF token, which the server also puts in a readable cookie. */
function csrfToken(): string {
  return /(?:^|;\s*)medcert_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
}

/** A same-origin call with the session's CSRF header on unsafe methods; JSON bodies are sent as strings, multipart ones as FormData. */
export async function call<T>(url: string, init: RequestInit = {}): Promise<Answer<T>> {
  let response: Response;
  try {
    const unsafe = init.method && init.method !== 'GET';
    response = await fetch(url, {
      ...init,
      credentials: 'same-origin',
      headers: { accept: 'application/json, application/problem+json', ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}), ...(unsafe ? { 'x-csrf-token': csrfToken() } : {}), ...init.headers },
    });
  } catch {
    return { ok: false, problem: { status: 0 } };
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return { ok: true, value: body as T };
  return { ok: false, problem: { ...(typeof body === 'object' && body ? body : {}), status: response.status } };
}

export type Identifier = { nationalId: string } | { passport: { number: string; nationality: string } };

export const sendCode = (identifier: Identifier, lang: 'th' | 'en') =>
  call<{ challengeId: string; expiresAt: string }>('/api/v1/wallet/codes', { method: 'POST', body: JSON.stringify({ ...identifier, lang }) });
export const signIn = (challengeId: string, code: string) => call<{ csrfToken: string }>('/api/v1/wallet/sessions', { method: 'POST', body: JSON.stringify({ challengeId, code }) });
export const signOut = () => call<null>('/auth/logout', { method: 'POST' });
export const myCertificates = () => call<WalletCertificate[]>('/api/v1/wallet/certificates');
export const pdfUrl = (id: string) => `/api/v1/wallet/certificates/${encodeURIComponent(id)}/pdf`;
export const shareLinks = (id: string) => call<ShareLink[]>(`/api/v1/wallet/certificates/${encodeURIComponent(id)}/shares`);
export const createShareLink = (id: string, lifetime: Lifetime) =>
  call<{ id: string; path: string; expiresAt: string }>(`/api/v1/wallet/certificates/${encodeURIComponent(id)}/shares`, { method: 'POST', body: JSON.stringify({ lifetime }) });
export const revokeShareLink = (linkId: string) => call<null>(`/api/v1/wallet/shares/${encodeURIComponent(linkId)}`, { method: 'DELETE' });
export const verificationsOf = (id: string) => call<Verification[]>(`/api/v1/wallet/certificates/${encodeURIComponent(id)}/verifications`);
export const lineStatus = () => call<LineStatus>('/api/v1/wallet/line');
export const unlinkLine = () => call<null>('/api/v1/wallet/line', { method: 'DELETE' });
export const sharedCertificate = (token: string) => call<SharedCertificate>(`/api/v1/shared/${encodeURIComponent(token)}`);
export const sharedPdfUrl = (token: string) => `/api/v1/shared/${encodeURIComponent(token)}/pdf`;
