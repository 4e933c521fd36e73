// The inbox processor: claims pending events, applies them to alerts and incidents in arrival
// order per service, and marks each processed IN THE SAME TRANSACTION as its effects, so a crash
// at any point either keeps both or neither (idempotent: an event is never applied twice).
//
// Several nodes: a batch takes, inside its transaction, a non-blocking per-service advisory lock
// (pg_try_advisory_xact_lock) for each service it will work on and skips services another node
// holds. A service's pending events are therefore applied by one node at a time, in seq order;
// the lock is released by the commit that marks them processed. SQLite has a single writer.
//
// Failures: an error that is not the event's fault (the database gone, the disk full, a lock, a
// timeout: store/failure.ts) leaves every event pending and is retried, with backoff, until it
// passes. Only an event that fails alone, the same way, `failAfterAttempts` times in a row is
// marked `failed` (kept with its error; `tocsin events replay` puts it back): an event answered
// 202 is never retired by a passing storage error.
import { applyAlertEvent, applyAlertEvents, batchable, type AppliedEvent, type BatchItem, type ServiceForEvents } from '../alerts/index.js';
import type { Context } from '../context.js';
import { findIntegrationById } from '../integrations/index.js';
import { isServiceInMaintenance } from '../maintenance/index.js';
import { findServiceById } from '../services/index.js';
import { lazyCommit, type Db } from '../store/db.js';
import { isTransientStorageError } from '../store/failure.js';
import { enableTxCache } from '../store/tx-cache.js';
import { WorkerLoop } from '../worker-loop.js';
import { enableTxDefer, flushTxDeferred } from '../store/tx-defer.js';
import type { EventOutcome } from './model.js';
import {
  listOldestPendingEvents,
  listPendingEvents,
  listServicesWithPendingEvents,
  markEventFailed,
  markEventsProcessed,
  tryLockServices,
  type InboxEvent,
  type ProcessedMark,
} from './store.js';

export type ProcessorDeps = Pick<Context, 'db' | 'dialect' | 'clock' | 'ids' | 'hooks' | 'log'>;

/** Thrown by `runBatch` while an event that failed alone is given more tries (the loop backs off). */
export class EventRetryError extends Error {
  constructor(
    readonly eventId: string,
    readonly attempt: number,
    cause: unknown,
  ) {
    super(`event ${eventId} failed (attempt ${attempt}); it stays pending and is tried again`, { cause });
  }
}

export interface ProcessorOptions {
  /** The connections its batches use (default `deps.db`): app.ts gives it a PostgreSQL pool of its own. */
  db?: Db;
  /** Most events applied in one transaction. */
  batchSize?: number;
  /** Most services locked by one batch. */
  servicesPerBatch?: number;
  /** Poll for events written by other nodes (and as a safety net), in ms. */
  pollMs?: number;
  /**
   * Stop applying more events in a batch after this many ms and commit what is done: a batch runs
   * on the event loop that also serves ingestion, so this bounds the pause it causes (p99).
   */
  budgetMs?: number;
  /** Batches run at once (PostgreSQL only; SQLite has one writer). */
  concurrency?: number;
  /** How long service settings and maintenance state are reused across batches (ms, wall clock). */
  serviceCacheMs?: number;
  /**
   * Apply runs of events set-based (default): a constant number of statements per run, not per
   * event (alerts/batch.ts). false: one event at a time, as before (the property test's reference).
   */
  setBased?: boolean;
  /** Tries of an event that fails alone, the same way, before it is marked failed (default 5). */
  failAfterAttempts?: number;
  /** The loop's wait after a failed batch doubles from this (ms) up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

interface BatchCaches {
  integrations: Map<string, { serviceId: string; deletedAt: number | null } | null>;
  services: Map<string, (ServiceForEvents & { state: string; deletedAt: number | null }) | null>;
  maintenance: Map<string, boolean>;
}

type Dropped = { outcome: EventOutcome; alertId: null; incidentId: null };

/** Decides where an event goes: a drop (its integration or service gone, disabled, in maintenance) or its service. */
async function decide(db: Db, ev: InboxEvent, c: BatchCaches, at: number): Promise<Dropped | ServiceForEvents> {
  const drop = (outcome: EventOutcome): Dropped => ({ outcome, alertId: null, incidentId: null });
  let integ = c.integrations.get(ev.integrationId);
  if (integ === undefined) {
    const i = await findIntegrationById(db, ev.integrationId);
    integ = i ? { serviceId: i.serviceId, deletedAt: i.deletedAt } : null;
    c.integrations.set(ev.integrationId, integ);
  }
  if (!integ || integ.deletedAt !== null) return drop('dropped_integration_deleted');
  // The integration may have moved since the event arrived: it applies where the integration is now.
  const serviceId = integ.serviceId;
  let svc = c.services.get(serviceId);
  if (svc === undefined) {
    const s = await findServiceById(db, serviceId);
    svc = s
      ? { id: s.id, state: s.state, deletedAt: s.deletedAt, alertCreation: s.alertCreation, alertGroupingParameters: s.alertGroupingParameters }
      : null;
    c.services.set(serviceId, svc);
  }
  if (!svc || svc.deletedAt !== null) return drop('dropped_service_deleted');
  if (svc.state === 'disabled') return drop('dropped_service_disabled');
  let maint = c.maintenance.get(serviceId);
  if (maint === undefined) {
    maint = await isServiceInMaintenance(db, serviceId, at);
    c.maintenance.set(serviceId, maint);
  }
  if (maint) return drop('dropped_maintenance');
  return svc;
}

const markOf = (ev: InboxEvent, r: AppliedEvent | Dropped): ProcessedMark => ({ seq: ev.seq, outcome: r.outcome, alertId: r.alertId, incidentId: r.incidentId });

export class EventProcessor {
  private readonly loop: WorkerLoop;
  private readonly serviceCacheMs: number;
  private readonly db: Db;
  private shared: Pick<BatchCaches, 'services' | 'maintenance'> & { since: number } = { services: new Map(), maintenance: new Map(), since: 0 };
  private readonly batchSize: number;
  private readonly servicesPerBatch: number;
  private readonly budgetMs: number;
  private readonly failAfterAttempts: number;
  private readonly setBased: boolean;
  /** Set-based: the events the next batch claims (SQLite: adapted so a batch takes about `budgetMs`). */
  private limit: number;
  /** PostgreSQL: services whose events a batch of this processor has locked, until its transaction ends. */
  private readonly held = new Set<string>();
  /** Events that failed alone, by seq: how many times in a row, with which message. */
  private suspects = new Map<number, { attempts: number; message: string }>();
  /** Events applied and batches run, for the benchmark; `retried` counts batches that failed and wait. */
  readonly stats = { events: 0, batches: 0, failed: 0, retried: 0, maxBatchMs: 0 };

  constructor(
    private readonly deps: ProcessorDeps,
    opts: ProcessorOptions = {},
  ) {
    this.db = opts.db ?? deps.db;
    this.servicesPerBatch = opts.servicesPerBatch ?? 8;
    // SQLite: one loop (one writer), and a batch blocks the event loop, so it is kept short.
    // PostgreSQL: the time goes in round trips, not on the event loop; several loops overlap them,
    // each on other services (per-service locks).
    this.setBased = opts.setBased ?? true;
    // Set-based, an event adds rows, not round trips: PostgreSQL batches can be larger.
    this.batchSize = opts.batchSize ?? (deps.dialect === 'postgres' && this.setBased ? 500 : 200);
    // Set-based on SQLite: the target length of a batch (its size adapts); one by one: where it stops.
    this.budgetMs = opts.budgetMs ?? (deps.dialect === 'postgres' ? 250 : this.setBased ? 20 : 8);
    // PostgreSQL takes whatever is pending, up to batchSize: see `adapt`.
    this.limit = this.setBased && deps.dialect === 'sqlite' ? Math.min(64, this.batchSize) : this.batchSize;
    this.serviceCacheMs = opts.serviceCacheMs ?? 1000;
    this.failAfterAttempts = opts.failAfterAttempts ?? 5;
    this.loop = new WorkerLoop({
      name: 'event processor',
      log: deps.log,
      // More may be pending: the loop wakes the other runners too (on PostgreSQL they take other services).
      cycle: async () => {
        try {
          return (await this.runBatch()) > 0;
        } catch (err) {
          this.stats.retried++;
          throw err;
        }
      },
      idleMs: opts.pollMs ?? (deps.dialect === 'postgres' ? 250 : 1000),
      backoff: { baseMs: opts.retryBaseMs ?? 50, maxMs: opts.retryMaxMs ?? 2000 },
      // Storage failures are logged once by the database's health (store/health.ts), not per try.
      quiet: isTransientStorageError,
      concurrency: opts.concurrency ?? (deps.dialect === 'postgres' ? 4 : 1),
    });
  }

  /** Runs batches until nothing is pending; returns how many events were applied (tests call this). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runBatch();
      total += n;
      if (n === 0) return total;
    }
  }

  /**
   * One transaction: claim, apply, mark. Returns the number of events it handled. Throws, leaving
   * every event pending, when the failure is the storage's (retry later) or when an event that
   * failed alone still has tries left (EventRetryError).
   */
  async runBatch(): Promise<number> {
    const limit = this.limit;
    try {
      return await this.batch(limit);
    } catch (err) {
      if (isTransientStorageError(err)) throw err;
      // Perhaps one bad event: halve the batch until what precedes it commits, or it fails alone,
      // so that the others are not held by it.
      this.deps.log.warn({ err }, 'event batch failed; trying smaller batches to find the event at fault');
      for (let size = limit >> 1; ; size >>= 1) {
        let first: InboxEvent | undefined;
        try {
          return await this.batch(Math.max(size, 1), (ev) => (first = ev));
        } catch (err2) {
          if (isTransientStorageError(err2)) throw err2;
          if (size <= 1) {
            if (!first) throw err2;
            return this.blame(first, err2);
          }
        }
      }
    }
  }

  /** The event failed alone: another try later, or, after enough identical failures, marked failed. */
  private async blame(ev: InboxEvent, err: unknown): Promise<number> {
    const message = err instanceof Error ? err.message : String(err);
    const prev = this.suspects.get(ev.seq);
    const attempts = prev && prev.message === message ? prev.attempts + 1 : 1;
    if (attempts < this.failAfterAttempts) {
      if (this.suspects.size > 1000) this.suspects.clear();
      this.suspects.set(ev.seq, { attempts, message });
      throw new EventRetryError(ev.id, attempts, err);
    }
    await this.transaction((tx) => markEventFailed(tx, ev.seq, message, this.deps.clock.now()));
    this.suspects.delete(ev.seq);
    this.stats.failed++;
    this.deps.log.error({ err, eventId: ev.id, seq: ev.seq, attempts }, 'event failed the same way on every try; marked failed (tocsin events replay puts it back)');
    return 1;
  }

  private async batch(limit: number, claimed?: (first: InboxEvent) => void): Promise<number> {
    const { clock } = this.deps;
    // PostgreSQL: the services worth trying, read before any transaction, less those this node's
    // other loops hold: a loop woken with nothing to take costs one read, not an empty transaction.
    const candidates = this.deps.dialect === 'postgres' ? (await listServicesWithPendingEvents(this.db, 256)).filter((s) => !this.held.has(s)) : [];
    if (this.deps.dialect === 'postgres' && candidates.length === 0) return 0;
    const locked: string[] = [];
    try {
      return await this.transaction(async (tx) => {
        const started = performance.now();
        const events = await this.claim(tx, limit, candidates, locked);
        if (events.length === 0) return 0;
        claimed?.(events[0]);
        const at = clock.now();
        const caches: BatchCaches = { integrations: new Map(), ...this.serviceCaches() };
        // Reads that cannot change inside the batch (service, policy, subscriptions, rules) are made
        // once per batch (tens of incidents), not once per incident; outbox rows and analytics marks
        // are written once, before the commit.
        enableTxCache(tx);
        if (this.setBased) enableTxDefer(tx);
        const marks: ProcessedMark[] = [];
        // Consecutive events that can be applied set-based, waiting for the next event that cannot.
        let run: Array<{ ev: InboxEvent; item: BatchItem }> = [];
        const applyRun = async () => {
          const results = await applyAlertEvents(tx, this.deps, run.map((r) => r.item));
          run.forEach((r, n) => marks.push(markOf(r.ev, results[n])));
          run = [];
        };
        for (const ev of events) {
          const d = await decide(tx, ev, caches, at);
          if ('outcome' in d) {
            marks.push(markOf(ev, d));
            continue;
          }
          const item: BatchItem = { event: ev.event, integrationId: ev.integrationId, service: d, at };
          if (this.setBased && batchable(item)) {
            run.push({ ev, item });
            continue;
          }
          await applyRun();
          marks.push(markOf(ev, await applyAlertEvent(tx, this.deps, item)));
          // One by one, the rest stay pending, in order, for the next batch.
          if (performance.now() - started > this.budgetMs) break;
        }
        await applyRun();
        await flushTxDeferred(tx);
        await markEventsProcessed(tx, marks, at);
        const ms = performance.now() - started;
        this.stats.maxBatchMs = Math.max(this.stats.maxBatchMs, ms);
        this.stats.events += marks.length;
        this.stats.batches++;
        this.adapt(marks.length, ms);
        return marks.length;
      });
    } finally {
      for (const id of locked) this.held.delete(id);
    }
  }

  /**
   * SQLite: the next batch claims about as many events as fit in `budgetMs` at the last full batch's
   * pace (at least 32: a batch's commit and reads cost the same for 1 event as for 500, so small
   * batches cost more per event), because a batch runs on the event loop that also serves ingestion.
   * PostgreSQL does not adapt: a batch takes what is pending (up to `batchSize`) and waits on round
   * trips, not on the event loop. A trickle makes short batches by itself (3 pending, 3 claimed), and
   * under a backlog a batch's ≈ 30 round trips are shared by more events: shrinking batches when the
   * database is slow (each round trip 10–30 ms on a loaded host, so 250 ms bought 32 events) cut one
   * service's throughput below the arrival rate, and its backlog then grew without end.
   */
  private adapt(events: number, ms: number): void {
    if (!this.setBased || this.deps.dialect === 'postgres' || events < this.limit) return;
    const fit = Math.floor((this.budgetMs * events) / Math.max(ms, 0.001));
    this.limit = Math.max(32, Math.min(this.batchSize, Math.round((this.limit + fit) / 2)));
  }

  /**
   * A processor transaction commits without waiting for the disk (`lazyCommit`): it stays atomic
   * and survives a crash of Tocsin (kill -9); only a power loss or OS crash can drop its last
   * commits, and then their inbox rows, which were on disk before any 202, are still unprocessed
   * and are applied again. This halves the fsyncs of the event path.
   */
  private transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return lazyCommit(this.db, this.deps.dialect, fn);
  }

  /** The next events to apply: all the oldest on SQLite; on PostgreSQL those of the candidate services this batch could lock. */
  private async claim(tx: Db, limit: number, candidates: string[], locked: string[]): Promise<InboxEvent[]> {
    if (this.deps.dialect === 'sqlite') return listOldestPendingEvents(tx, limit);
    // A few services per batch, so the other loops (and nodes) find unlocked ones to work on.
    const ids = await tryLockServices(tx, candidates, this.servicesPerBatch);
    for (const id of ids) {
      this.held.add(id);
      locked.push(id);
    }
    return listPendingEvents(tx, ids, limit);
  }

  /**
   * Services and their maintenance state, kept across batches for up to `serviceCacheMs` (1 s):
   * a change on this node clears them at once (service.changed, which maintenance windows also
   * emit when they are created, start or end); a change on another node takes effect within 1 s.
   * Integrations are re-read every batch (a deletion announces nothing).
   */
  private serviceCaches(): Pick<BatchCaches, 'services' | 'maintenance'> {
    const now = performance.now();
    if (now - this.shared.since > this.serviceCacheMs) this.invalidate(now);
    return this.shared;
  }

  private invalidate(now = performance.now()): void {
    this.shared = { services: new Map(), maintenance: new Map(), since: now };
  }

  /** Drops the cached services (a service, its state or an integration changed on this node). */
  forgetServices(): void {
    this.invalidate();
  }

  /** Asks the loop to run soon (after a commit of new events). */
  wake(): void {
    this.loop.wake();
  }

  start(): void {
    this.loop.start();
  }

  /** Stops after the current batches. */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}
