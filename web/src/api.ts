// The UI's only door to the server: PagerDuty's REST API with the session cookie. Writes carry
// X-Requested-With, which the server requires for cookie-authenticated writes (CSRF defence).

import type { paths } from './api-types';
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

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][Lowercase<M>]>;
/** The paths that serve the method. */
export type PathOf<M extends Method> = { [P in keyof paths]: paths[P][Lowercase<M>] extends object ? P : never }[keyof paths];

type Parameters<O> = O extends { parameters: infer X } ? X : never;
type BodyOf<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? { body: B }
  : O extends { requestBody?: { content: { 'application/json': infer B } } }
    ? { body?: B }
    : { body?: never };
/** What a call sends: the path's `{name}` parameters, the query, and the JSON body, as the route's schema says. */
export type Init<O> = Pick<Parameters<O>, 'path' & keyof Parameters<O>> & Pick<Parameters<O>, 'query' & keyof Parameters<O>> & BodyOf<O>;
type Success<R> = R[Extract<keyof R, 200 | 201 | 202 | 204>];
/** A success without a response schema is `unknown`: the page must check what it reads. */
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : unknown;
/** What a call answers when it succeeds (204: undefined). */
export type Reply<O> = O extends { responses: infer R } ? (204 extends keyof R ? undefined : JsonOf<Success<R>>) : never;

/** The JSON body a path and method take. */
export type ApiBody<M extends Method, P extends PathOf<M>> = NonNullable<Init<Operation<P, M>>['body']>;

/** A <select>'s value as the union of its options (a value outside them reads as the first). */
export function option<T extends string>(values: readonly T[], value: string): T {
  return values.find((x) => x === value) ?? values[0];
}

/** The values of a list (a filter read from the address) that are among the options. */
export function options<T extends string>(values: readonly T[], list: readonly string[]): T[] {
  return values.filter((x) => list.includes(x));
}

/** The JSON a path and method answer, for a page's props and state. */
export type ApiReply<M extends Method, P extends PathOf<M>> = Reply<Operation<P, M>>;

/**
 * Calls the REST API: `path` is the route as the OpenAPI document writes it (`/incidents/{id}`),
 * `init.path` fills its parameters, `init.query` becomes the query string and `init.body` the JSON
 * body. The types of all three and of the answer come from web/src/api-types.ts (`npm run api-types`).
 */
export async function api<M extends Method, P extends PathOf<M>>(
  method: M,
  path: P,
  ...[init]: Record<never, never> extends Init<Operation<P, M>> ? [init?: Init<Operation<P, M>>] : [init: Init<Operation<P, M>>]
): Promise<Reply<Operation<P, M>>> {
  const { path: params, query, body } = (init ?? {}) as { path?: Record<string, string>; query?: Query; body?: unknown };
  const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params?.[name] ?? '')) + qs(query ?? {});
  return (await request(method, url, body)) as Reply<Operation<P, M>>;
}

async function request(method: Method, url: string, body: unknown): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-requested-with'] = 'tocsin-ui';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return undefined;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    if (res.status === 401 && !url.startsWith('/auth/')) onUnauthorized();
    throw errorOf(res, json);
  }
  return json;
}

/** PagerDuty's error body: `errors` is a list, or (some integrations) an object of lists. */
function errorOf(res: Response, json: unknown): ApiError {
  const e = (json as { error?: { message?: string; errors?: unknown } } | null)?.error ?? {};
  const errors = Array.isArray(e.errors) ? e.errors.map(String) : e.errors && typeof e.errors === 'object' ? Object.values(e.errors).flat().map(String) : [];
  return new ApiError(res.status, e.message ?? `${res.status} ${res.statusText}`, errors);
}

type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>;

/** Builds a query string; arrays become repeated `name[]` parameters as PagerDuty expects. */
export function qs(params: Query): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) u.append(k.endsWith('[]') ? k : `${k}[]`, x);
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

/** GET /auth/setup: whether the owner still has to choose a password (the first-run page). */
export interface SetupState {
  needs_password: boolean;
  owner_email: string | null;
}

/**
 * The UI's own session routes (src/ui/auth-routes.ts). They are hidden from the OpenAPI document,
 * which describes PagerDuty's API, so their types are written here, as the routes' schemas say.
 */
export const session = {
  setupState: () => request('GET', '/auth/setup', undefined) as Promise<SetupState>,
  signIn: (body: { email: string; password: string }) => request('POST', '/auth/login', body).then(() => undefined),
  claimOwner: (body: { password: string; code?: string }) => request('POST', '/auth/setup', body).then(() => undefined),
  signOut: () => request('POST', '/auth/logout', undefined).then(() => undefined),
};
