// The ingestion side of the event path, built once in app.ts: the routing-key cache, the
// per-key rate limiter, the group-commit writer of the inbox (and of change events), and the
// processor it wakes after each commit.
import { randomUUID } from 'node:crypto';
import type { Context } from '../context.js';
import { StorageUnavailableError } from '../errors.js';
import { RateLimiter } from '../http/rate-limit.js';
import { findIntegrationByKey, findVendorById } from '../integrations/index.js';
import { findServiceById } from '../services/index.js';
import type { Db } from '../store/db.js';
import { isTransientStorageError } from '../store/failure.js';
import { GroupCommit } from './group-commit.js';
import type { InboundEvent } from './model.js';
import { EventProcessor, type ProcessorOptions } from './processor.js';
import { RoutingCache, type RoutingTarget } from './routing.js';
import {
  deleteChangeEventsBefore,
  deleteProcessedEventsBefore,
  insertChangeEvents,
  insertInboxEvents,
  type ChangeEvent,
  type NewInboxEvent,
} from './store.js';
import type { ChangeEventInput } from './validate.js';

type Item = { kind: 'event'; row: NewInboxEvent } | { kind: 'change'; row: ChangeEvent };

/** What app.ts holds of the event path. */
export interface Events {
  routing: RoutingCache;
  limiter: RateLimiter;
  processor: EventProcessor;
  commit: GroupCommit<Item>;
  /**
   * Durably enqueues an event for an integration: resolves once it is committed (the caller may
   * then answer 202 / 250), rejects if the commit failed. The processor applies it afterwards.
   */
  ingestEvent(target: { integrationId: string; serviceId: string }, event: InboundEvent): Promise<{ id: string; dedupKey: string }>;
  /** Durably stores a change event; resolves once committed. */
  ingestChangeEvent(target: RoutingTarget, input: ChangeEventInput): Promise<{ id: string }>;
  /** A service changed or an integration moved on this node: routes and services are read again. */
  forgetRoutes(): Promise<void>;
  /** A service was disabled or enabled on this node: services are read again. */
  forgetServices(): Promise<void>;
  /** Starts the processor loop. */
  start(): void;
  /** Drains the group commit and stops the processor. */
  stop(): Promise<void>;
}

/** Resolves a routing key to its live integration, the vendor's translator and the service's teams. */
async function resolveKey(db: Db, key: string): Promise<RoutingTarget | null> {
  const integ = await findIntegrationByKey(db, key);
  if (!integ || integ.deletedAt !== null) return null;
  const service = await findServiceById(db, integ.serviceId);
  if (!service || service.deletedAt !== null) return null;
  return {
    integrationId: integ.id,
    serviceId: integ.serviceId,
    translator: integ.vendorId ? (findVendorById(integ.vendorId)?.translator ?? null) : null,
    teamIds: service.teamIds,
  };
}

/**
 * Waits for the durable write at most `ms`: a frozen database must not hold senders without end.
 * The sender then hears 503 and retries; the write may still commit later, and the retry is then
 * deduplicated by its dedup key (at least once, never lost; never a 202 without the write).
 */
function inTime(write: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageUnavailableError('the database did not store the event in time')), ms);
  });
  write.catch(() => undefined);
  return Promise.race([write, late]).finally(() => clearTimeout(timer));
}

export function createEvents(ctx: Context, opts: ProcessorOptions & { routingTtlMs?: number; eventLogDays?: number } = {}): Events {
  const now = () => ctx.clock.now();
  const processor = new EventProcessor(ctx, opts);
  const commit = new GroupCommit<Item>(
    async (items) => {
      const events: NewInboxEvent[] = [];
      const changes: ChangeEvent[] = [];
      for (const it of items) (it.kind === 'event' ? events : changes).push(it.row as never);
      // Whatever arrived in the last turn, in one transaction; the 202s wait for a sync after it.
      await ctx.disk.commit(async (tx) => {
        if (events.length) await insertInboxEvents(tx, ctx.dialect, events);
        if (changes.length) await insertChangeEvents(tx, changes);
      });
    },
    // A failed sync is the disk's (ENOSPC, EIO): the health log names it; the callers hear 5xx.
    () => ctx.disk.sync().catch((err: unknown) => {
      ctx.health.failed(err, 'fdatasync of the inbox commit');
      throw err;
    }),
    () => processor.wake(),
    5000,
    (err) => !isTransientStorageError(err),
  );
  // Retention: processed events leave the event log after 7 days, change events after 90 (PagerDuty's).
  let retention: NodeJS.Timeout | null = null;
  const sweep = async () => {
    try {
      const day = 86_400_000;
      while ((await deleteProcessedEventsBefore(ctx.db, now() - (opts.eventLogDays ?? 7) * day)) > 0) await new Promise((r) => setImmediate(r));
      while ((await deleteChangeEventsBefore(ctx.db, now() - 90 * day)) > 0) await new Promise((r) => setImmediate(r));
    } catch (err) {
      if (!isTransientStorageError(err)) ctx.log.error({ err }, 'event log retention failed');
    }
  };
  // Events written by this node's inbox come through the cache; a move on this node is seen at once.
  const routing = new RoutingCache(ctx.db, resolveKey, now, opts.routingTtlMs ?? 10_000);
  return {
    routing,
    limiter: new RateLimiter(ctx.config.eventsRateLimitPerMinute, now),
    processor,
    commit,
    async ingestEvent(target, event) {
      // randomUUID draws from a cached entropy pool: cheaper per event than randomBytes.
      const id = randomUUID().replace(/-/g, '');
      const row = { id, integrationId: target.integrationId, serviceId: target.serviceId, event, receivedAt: now() };
      await inTime(commit.add({ kind: 'event', row }), ctx.config.database.eventWriteTimeoutMs);
      return { id, dedupKey: event.dedupKey };
    },
    async ingestChangeEvent(target, input) {
      const id = ctx.ids.id();
      const at = now();
      const write = commit.add({
        kind: 'change',
        row: {
          id,
          serviceId: target.serviceId,
          integrationId: target.integrationId,
          routingKey: input.routingKey,
          summary: input.summary,
          source: input.source,
          timestamp: input.timestamp ?? at,
          links: input.links,
          images: input.images,
          customDetails: input.customDetails,
          teamIds: target.teamIds,
          createdAt: at,
        },
      });
      await inTime(write, ctx.config.database.eventWriteTimeoutMs);
      return { id };
    },
    async forgetRoutes() {
      routing.clear();
      processor.forgetServices();
    },
    async forgetServices() {
      processor.forgetServices();
    },
    start() {
      processor.start();
      retention ??= setInterval(() => void sweep(), 60_000);
      retention.unref();
    },
    async stop() {
      if (retention) clearInterval(retention);
      retention = null;
      await commit.drain();
      await processor.stop();
    },
  };
}
