import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { pino, type Logger } from 'pino';
import { bootstrapOwner, createAuthenticator, issueSetupCode } from './accounts/index.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { useAuth } from './http/auth.js';
import { useRestErrors } from './http/errors.js';
import { RateLimiter } from './http/rate-limit.js';
import { createHttpServer } from './http/server.js';
import { makeUrls } from './http/urls.js';
import { Hooks } from './hooks.js';
import { randomIds, type Ids } from './ids.js';
import { openDatabase, openPostgresPool, type Database } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import { LOCKS, withAdvisoryLock } from './store/lock.js';
import { registerRestRoutes } from './routes.js';
import { TimerEngine, type EngineOptions } from './engine/index.js';
import { listenForWork, type WorkListener } from './store/listen.js';
import { registerUi } from './ui/index.js';
import { createNotifier, notifyMetricsText, notifyPorts, registerNotifyPublicRoutes, registerTwilioRoutes, type Notifier } from './notify/index.js';
import { createEvents, registerEventRoutes, type Events } from './events/index.js';
import { createExtensions, registerSlackRoutes } from './extensions/index.js';
import { AnalyticsWorker, incidentSource } from './analytics/index.js';
import { wireReactions } from './reactions.js';
import { createEmailServer } from './email/index.js';
import { registerReadinessRoutes } from './readiness/index.js';
import { registerCalendarFeedRoutes } from './schedules/index.js';
import { responsePort, WorkflowRunner } from './workflows/index.js';

export interface AppOptions {
  clock?: Clock;
  ids?: Ids;
  /** An already-open database (tests); otherwise the configured one is opened. */
  database?: Database;
  log?: Logger;
  /** The timer engine's batch size, concurrency and set-based switch (benchmarks, tests); its defaults otherwise. */
  engine?: Pick<EngineOptions, 'batchSize' | 'concurrency' | 'setBased'>;
}

export interface App {
  ctx: Context;
  http: FastifyInstance;
  /** The durable timer loop; tests call `engine.runDue()` after advancing the fake clock. */
  engine: TimerEngine;
  /** The event path (inbox, group commit, processor); tests call `events.processor.drain()`. */
  events: Events;
  /** Notifications: the outbox fan-out and its delivery worker (tests drive `notifier.worker`). */
  notifier: Notifier;
  /** Incident workflow runs (tests call `workflows.runDue()` after advancing the fake clock). */
  workflows: WorkflowRunner;
  /**
   * Migrates, bootstraps the owner, and starts listening (HTTP, SMTP) and the workers. `setupCode` is
   * a new first-run code while the owner has no password (src/announce.ts shows it), else null.
   */
  start(): Promise<{ httpPort: number; smtpPort: number; generatedToken: string | null; setupCode: string | null }>;
  /** Stops taking work, drains it, and closes the database. */
  close(): Promise<void>;
}

/** The composition root: builds the store, the modules, the HTTP server and the workers. */
export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? pino({ level: config.logLevel });
  const database = opts.database ?? openDatabase(config.databaseUrl, config.dataDir, config.database);
  const ctx: Context = {
    db: database.db,
    dialect: database.dialect,
    disk: database.disk,
    health: database.health,
    clock: opts.clock ?? systemClock,
    ids: opts.ids ?? randomIds,
    urls: makeUrls(config.publicUrl),
    config,
    log,
    hooks: new Hooks(),
  };
  database.health.useLog(log);
  await migrateToLatest(ctx.db);
  const engine = new TimerEngine(ctx, opts.engine);
  // A PostgreSQL database opened here: the event path (the inbox processor's 4 loops and the outbox
  // worker's claims) gets 5 connections of its own, never waiting for one of the shared pool's
  // behind deliveries' bookkeeping and requests.
  const eventPathDb =
    !opts.database && database.dialect === 'postgres' && config.databaseUrl ? openPostgresPool(config.databaseUrl, 5, config.database, database.health) : null;
  const notifier = createNotifier(ctx, { ports: notifyPorts(ctx), ...(eventPathDb ? { worker: { claimDb: eventPathDb } } : {}) });
  const analytics = new AnalyticsWorker(ctx, incidentSource());
  const events = createEvents(ctx, eventPathDb ? { db: eventPathDb } : {});
  const extensions = createExtensions(ctx, notifier);
  // Priorities, responder requests, subscribers and status updates for workflow steps (ports.ts).
  const response = responsePort(ctx);
  const workflows = new WorkflowRunner(ctx, response);
  wireReactions(ctx, engine, { notifier, events, extensions, response });

  const http = createHttpServer(config, log);
  await http.register(swagger, {
    openapi: {
      info: { title: 'Tocsin REST API', version: '2.0.0', description: "PagerDuty-compatible REST API v2, as Tocsin implements it." },
      components: { securitySchemes: { api_key: { type: 'apiKey', in: 'header', name: 'Authorization' } } },
      security: [{ api_key: [] }],
    },
  });
  await http.register(swaggerUi, { routePrefix: '/docs' });
  http.get('/openapi.json', { schema: { hide: true } }, async () => http.swagger());
  // Liveness: the process answers (never touches the database). Readiness and counters: readiness/.
  http.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  registerReadinessRoutes(http, ctx, events, () => notifyMetricsText(notifier));
  useRestErrors(http);

  const auth = createAuthenticator(ctx);
  await http.register(async (rest) => {
    useAuth(rest, auth, new RateLimiter(config.restRateLimitPerMinute, () => ctx.clock.now()));
    registerRestRoutes(rest, ctx, auth, { notifier, events });
  });
  await http.register(async (scope) => registerEventRoutes(scope, ctx, events));
  await registerUi(http, ctx);
  registerNotifyPublicRoutes(http, ctx, notifier);
  registerCalendarFeedRoutes(http, ctx);
  await http.register(async (scope) => registerTwilioRoutes(scope, ctx, notifier));
  await http.register(async (scope) => registerSlackRoutes(scope, ctx, () => extensions.slack));

  let started = false;
  let listener: WorkListener | null = null;
  const smtp = createEmailServer(ctx, events);
  let smtpListening = false;
  return {
    ctx,
    http,
    engine,
    events,
    notifier,
    workflows,
    async start() {
      // Nodes starting together on one PostgreSQL database bootstrap one after the other: one owner.
      const boot = await withAdvisoryLock(ctx.db, ctx.dialect, LOCKS.bootstrap, (db) => bootstrapOwner(db, ctx, config.bootstrap));
      const setupCode = await issueSetupCode(ctx.db, ctx.clock);
      await http.listen({ host: config.httpHost, port: config.httpPort });
      started = true;
      // Pipelining across nodes: a commit of inbox events or outbox rows on any node wakes this one's workers.
      if (ctx.dialect === 'postgres' && config.databaseUrl) {
        listener = listenForWork(config.databaseUrl, { tocsin_inbox: () => events.processor.wake(), tocsin_outbox: () => notifier.worker.kick() }, log);
        await listener.ready;
      }
      engine.start();
      notifier.start();
      events.start();
      analytics.start();
      workflows.start();
      const smtpPort = await smtp.listen(config.smtpPort, config.httpHost);
      smtpListening = true;
      const addr = http.server.address();
      const httpPort = typeof addr === 'object' && addr ? addr.port : config.httpPort;
      return { httpPort, smtpPort, generatedToken: boot?.generatedToken ?? null, setupCode };
    },
    async close() {
      if (smtpListening) await smtp.close();
      await engine.stop();
      await analytics.stop();
      await workflows.stop();
      await notifier.stop();
      if (started) await http.close();
      else await http.close().catch(() => undefined);
      await events.stop();
      await eventPathDb?.destroy();
      await listener?.close();
      if (!opts.database) await database.close();
    },
  };
}
