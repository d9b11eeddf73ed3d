/** Calls the Station API with the session cookie and the CSRF header, and turns every answer into data or a problem. */

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: unknown;
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }

  /** The stable slug after /problems/, e.g. `totp-required`; `network` when the server was not reached. */
  get slug(): string {
    return this.problem.type?.split('/problems/')[1] ?? (this.problem.status === 0 ? 'network' : 'unknown');
  }
}

function csrfToken(): string {
  const match = /(?:^|;\s*)medcert_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]!) : '';
}

export async function request(method: string, url: string, body?: unknown, init: { raw?: BodyInit; contentType?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json, application/pdf, application/x-ndjson' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  let payload: BodyInit | undefined = init.raw;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  } else if (init.contentType) headers['content-type'] = init.contentType;
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiProblem({ status: 0 });
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Partial<Problem>;
    throw new ApiProblem({ ...problem, status: response.status });
  }
  return response;
}

export async function json<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await request(method, url, body);
  return (response.status === 204 ? null : await response.json()) as T;
}
