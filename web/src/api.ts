// The UI's only door to the server: PagerDuty's REST API with the session cookie. Writes carry
// X-Requested-With, which the server requires for cookie-authenticated writes (CSRF defence).

import { readableErrors } from './error-text';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: string[],
  ) {
    super(message);
  }
  /** One sentence for the user: the server's details when it gave any. */
  get text(): string {
    return this.errors.length ? readableErrors(this.errors).join(' ') : this.message;
  }
}

/** Called when the server says the session is gone. */
let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-requested-with'] = 'tocsin-ui';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthorized();
    const e = json?.error ?? {};
    const errors = Array.isArray(e.errors) ? e.errors.map(String) : e.errors && typeof e.errors === 'object' ? Object.values(e.errors).flat().map(String) : [];
    throw new ApiError(res.status, e.message ?? `${res.status} ${res.statusText}`, errors);
  }
  return json as T;
}

/** Builds a query string; arrays become repeated `name[]` parameters as PagerDuty expects. */
export function qs(params: Record<string, string | number | boolean | undefined | null | string[]>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) u.append(`${k}[]`, x);
    else u.append(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** The server messages that mention a field (by any of its names), for showing next to it. */
export function fieldErrors(err: unknown, names: string[]): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const hits = err.errors.filter((m) => names.some((n) => new RegExp(`(^|[^a-z_])${n.replace(/[.[\]]/g, '\\$&')}([^a-z_]|$)`, 'i').test(m)));
  return hits.length ? readableErrors(hits).join(' ') : undefined;
}

/** The server messages that no field claimed, for a form-level alert. */
export function otherErrors(err: unknown, claimed: string[][]): string | undefined {
  if (!err) return undefined;
  if (!(err instanceof ApiError)) return String((err as Error).message ?? err);
  const rest = err.errors.filter((m) => !claimed.some((names) => fieldErrors(new ApiError(400, '', [m]), names)));
  if (rest.length) return readableErrors(rest).join(' ');
  return err.errors.length ? undefined : err.message;
}

export const ref = (type: string, id: string) => ({ id, type });

/** What GET /readyz says (200 ready, 503 not ready: both carry this body); the admins' backlog page shows it. */
export interface Readiness {
  status: 'ready' | 'not_ready';
  reasons: string[];
  backlog: { pending: number | null; max: number; oldest_age_ms: number | null; max_age_ms: number };
  outbox: { due: number | null; pending: number | null; max: number; oldest_due_age_ms: number | null; max_age_ms: number };
  processing: { events_per_second: number | null; events_total: number };
}

export async function readiness(): Promise<Readiness> {
  const res = await fetch('/readyz', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (res.status !== 200 && res.status !== 503) throw new ApiError(res.status, `${res.status} ${res.statusText}`, []);
  return (await res.json()) as Readiness;
}
