/** The dashboard's calls: the session (sign in, who am I, sign out) and the analytics API. */

export type Cell = number | '<10' | 'withheld';

export interface Breakdown {
  key: string;
  count: Cell;
}

export interface Panel {
  total: Cell;
  byDay: Breakdown[];
  [dimension: string]: Cell | Breakdown[];
}

export interface Summary {
  from: string;
  to: string;
  province: string | null;
  suppressionThreshold: number;
  certificates: Panel;
  verifications: Panel;
  complaints: Panel;
  chatbotTopics: Panel | null;
  typeNames: Record<string, { th: string; en: string }>;
  complaintCategoryNames: Record<string, { th: string; en: string }>;
}

export interface Province {
  code: string;
  th: string;
  en: string;
}

export interface Filters {
  from: string;
  to: string;
  province: string;
}

export type Answer<T> = { ok: true; value: T } | { ok: false; status: number; type?: string };

async function call<T>(url: string, init: RequestInit = {}): Promise<Answer<T>> {
  try {
    const response = await fetch(url, { credentials: 'same-origin', ...init, headers: { accept: 'application/json, application/problem+json', ...init.headers } });
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) return { ok: true, value: body as T };
    return { ok: false, status: response.status, type: (body as { type?: string } | null)?.type };
  } catch {
    return { ok: false, status: 0 };
  }
}

export function query(filters: Filters): string {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.province) params.set('province', filters.province);
  return params.toString();
}

export const signIn = (username: string, password: string, totp: string) =>
  call<{ csrfToken: string }>('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(totp ? { username, password, totp } : { username, password }) });

export const me = () => call<{ platformRole: string }>('/auth/me');

export function signOut(): Promise<Answer<null>> {
  const csrf = document.cookie.split('; ').find((c) => c.startsWith('medcert_csrf='))?.slice('medcert_csrf='.length) ?? '';
  return call<null>('/auth/logout', { method: 'POST', headers: { 'x-csrf-token': decodeURIComponent(csrf) } });
}

export const provinces = () => call<Province[]>('/api/v1/analytics/provinces');
export const summary = (filters: Filters) => call<Summary>(`/api/v1/analytics/summary?${query(filters)}`);
export const exportUrl = (filters: Filters) => `/api/v1/analytics/export.csv?${query(filters)}`;
