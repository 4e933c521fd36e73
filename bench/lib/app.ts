// Tocsin in the bench's own process, on a bench database (lib/database.ts), with an owner whose token
// `req` sends: for the benches that seed through REST (app.http.inject, no network) and then time
// what they measure in the same process.
import { pino } from 'pino';
import { bootstrapOwner } from '../../src/accounts/index.js';
import { createApp, type App } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/store/db.js';

/** The owner's API token (for requests over the network once the app listens: app.start()). */
export const BENCH_TOKEN = 'bench_token_aaaaaaaaaa';

export interface BenchApp {
  app: App;
  /** An injected request as the owner (with a `from` for writes); throws unless it answers 2xx. */
  req(method: 'GET' | 'POST', url: string, body?: unknown): Promise<any>;
}

/** The app on `database` (ports 0, no rate limit), ready, with its owner; `clock` when the bench moves time. */
export async function benchApp(database: Database, clock?: Clock): Promise<BenchApp> {
  const config = loadConfig({ TOCSIN_PUBLIC_URL: 'http://bench.test', TOCSIN_REST_RATE_LIMIT: '1000000', TOCSIN_HTTP_PORT: '0', TOCSIN_HTTP_HOST: '127.0.0.1', TOCSIN_SMTP_PORT: '0' });
  const app = await createApp(config, { database, log: pino({ level: 'silent' }), ...(clock ? { clock } : {}) });
  await app.http.ready();
  await bootstrapOwner(database.db, app.ctx, { email: 'owner@example.com', password: null, token: BENCH_TOKEN });
  return {
    app,
    async req(method, url, body) {
      const r = await app.http.inject({ method, url, headers: { authorization: `Token token=${BENCH_TOKEN}`, from: 'owner@example.com' }, payload: body as object });
      if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.body}`);
      return r.json();
    },
  };
}
