/** Calls the verify API and sorts its answers into a result, a problem+json, or "could not reach it". */
import type { VerifyResult } from './types';

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  instance?: string;
}

export type ApiAnswer = { kind: 'result'; result: VerifyResult } | { kind: 'problem'; problem: Problem } | { kind: 'unreachable' };

export function verifyPdf(file: Blob, fetcher: typeof fetch = fetch): Promise<ApiAnswer> {
  return call(fetcher, '/api/v1/verify', { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: file });
}

export function verifyQr(payload: string, fetcher: typeof fetch = fetch): Promise<ApiAnswer> {
  return call(fetcher, '/api/v1/verify/qr', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ payload }) });
}

async function call(fetcher: typeof fetch, url: string, init: RequestInit): Promise<ApiAnswer> {
  let response: Response;
  try {
    response = await fetcher(url, { ...init, headers: { accept: 'application/json, application/problem+json', ...init.headers } });
  } catch {
    return { kind: 'unreachable' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isVerifyResult(body)) return { kind: 'result', result: body };
  const problem = typeof body === 'object' && body !== null ? (body as Partial<Problem>) : {};
  return { kind: 'problem', problem: { ...problem, status: response.ok ? 502 : response.status } };
}

function isVerifyResult(body: unknown): body is VerifyResult {
  if (typeof body !== 'object' || body === null) return false;
  const candidate = body as Partial<VerifyResult>;
  return typeof candidate.valid === 'boolean' && Array.isArray(candidate.reasons) && Array.isArray(candidate.signatures) && 'document' in candidate;
}
