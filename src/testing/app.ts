import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { createApp, type App, type AppOptions } from '../app.js';
import { createApiToken } from '../accounts/index.js';
import { bootstrapOwner } from '../accounts/bootstrap.js';
import { insertUser } from '../accounts/store.js';
import type { Role } from '../accounts/model.js';
import { FakeClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import type { Dialect } from '../store/db.js';
import { openTestDatabase } from './dialects.js';

export const OWNER_TOKEN = 'owner_token_aaaaaaaaa';
export const OWNER_EMAIL = 'owner@example.com';

export interface TestApp {
  app: App;
  clock: FakeClock;
  config: Config;
  ownerId: string;
  /** Injects a request with the owner's token unless `token` says otherwise (null: none). */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    opts?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /** Makes a user with the role and a user-level token; returns both. */
  makeUser(role: Role, name?: string): Promise<{ id: string; email: string; token: string }>;
}

/**
 * `t.request` for a call that must answer `status` (a failure names the call and shows the body);
 * returns the JSON body. `headers` go with every call (a `from` for writes), beside the call's own.
 */
export function checkedRequest(t: TestApp, headers: Record<string, string> = {}) {
  return async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, status: number, body?: unknown, opts: { token?: string | null; headers?: Record<string, string> } = {}) => {
    const res = await t.request(method, url, body, { ...opts, headers: { ...headers, ...opts.headers } });
    assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
    return res.json();
  };
}

/** The whole app on a fresh database of the dialect, with a fake clock, not listening; closed after the file. */
export async function buildTestApp(dialect: Dialect, env: Record<string, string> = {}, opts: Pick<AppOptions, 'engine'> = {}): Promise<TestApp> {
  const database = await openTestDatabase(dialect, false);
  const clock = new FakeClock();
  const config = loadConfig({ TOCSIN_PUBLIC_URL: 'http://tocsin.test', TOCSIN_EMAIL_DOMAIN: 'tocsin.test', ...env });
  const app = await createApp(config, { database, clock, log: pino({ level: 'silent' }), ...opts });
  await app.http.ready();
  const boot = await bootstrapOwner(database.db, app.ctx, { email: OWNER_EMAIL, password: null, token: OWNER_TOKEN });
  after(async () => {
    await app.close();
    await database.close();
  });
  let n = 0;
  return {
    app,
    clock,
    config,
    ownerId: boot!.ownerId,
    request(method, url, body, opts = {}) {
      const token = opts.token === undefined ? OWNER_TOKEN : opts.token;
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (token) headers.authorization = `Token token=${token}`;
      return app.http.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
    },
    async makeUser(role, name) {
      const id = app.ctx.ids.id();
      const email = `${role}.${n++}.${id.toLowerCase()}@example.com`;
      await insertUser(database.db, { id, name: name ?? `${role} ${n}`, email, role, createdAt: clock.now() });
      const token = await createApiToken(database.db, app.ctx, { userId: id });
      return { id, email, token };
    },
  };
}
