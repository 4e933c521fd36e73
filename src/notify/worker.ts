import type { Context } from '../context.js';
import { lazyCommit, lazyWrite, type Db } from '../store/db.js';
import { isTransientStorageError } from '../store/failure.js';
import type { Outcome } from './deliver.js';
import type { OutboxKind, OutboxRow } from './model.js';
import { claimOutbox, deleteOutboxRows, markOutboxDead, renewOutboxLeases, retryOutboxRow } from './outbox-store.js';
import { backoffMs, WorkerLoop } from '../worker-loop.js';

export interface WorkerOptions {
  /** Attempts before giving up (the first try included). */
  maxAttempts: number;
  /** Backoff after attempt n is min(base * 2^(n-1), max). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /**
   * How long a claim keeps other nodes off a row. The node renews the leases of its deliveries in
   * flight every third of it, so a slow delivery keeps its row while a dead node's rows are free
   * again within one lease (plus a poll).
   */
  leaseMs: number;
  /** Deliveries in flight at once per lane (each row is the head of its own key, so they are independent). */
  concurrency: number;
  /**
   * Kinds that share a concurrency budget. A slow receiver of one lane (Twilio answering in 5 s, a
   * hanging SMTP relay) fills only its lane: the others keep being claimed and delivered.
   */
  lanes?: OutboxKind[][];
  /**
   * The safety-net poll when idle (real time). New rows wake the worker at once: a commit on this
   * node (the database's commit signal), a NOTIFY from another node (PostgreSQL), a finished delivery.
   */
  idleMs: number;
  /**
   * The connections claims use (default the shared pool): app.ts gives them the event path's own
   * PostgreSQL connections, so a claim never waits behind deliveries' bookkeeping for one.
   */
  claimDb?: Db;
}

export interface WorkerStats {
  delivered: number;
  skipped: number;
  retried: number;
  givenUp: number;
}

/** When a row that failed its `attempt`-th delivery is tried again (the kernel's one backoff). */
export function retryDelayMs(attempt: number, o: Pick<WorkerOptions, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  return backoffMs(attempt, o.backoffBaseMs, o.backoffMaxMs);
}

/**
 * Claims outbox rows (SKIP LOCKED on PostgreSQL, so nodes share them), delivers them concurrently and
 * records the outcome: delete on success, retry with exponential backoff, or give up (dead row + hook).
 */
export class OutboxWorker {
  readonly stats: WorkerStats = { delivered: 0, skipped: 0, retried: 0, givenUp: 0 };
  private inFlight = new Map<Promise<void>, OutboxRow>();
  private laneOf = new Map<Promise<void>, number>();
  private readonly loop: WorkerLoop;
  private renewal: NodeJS.Timeout | null = null;

  private delivered: number[] = [];
  private flushTimer: NodeJS.Immediate | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private lastHousekeeping = 0;

  constructor(
    private readonly ctx: Context,
    private readonly deliver: (row: OutboxRow) => Promise<Outcome>,
    private readonly onGiveUp: (db: Db, row: OutboxRow, error: string, attempt: number) => Promise<void>,
    readonly opts: WorkerOptions,
    /** Periodic upkeep (re-enabling subscriptions whose 24-hour disable ran out), at most every 10 s. */
    private readonly housekeeping: (now: number) => Promise<void> = async () => undefined,
  ) {
    this.loop = new WorkerLoop({
      name: 'outbox worker',
      log: ctx.log,
      cycle: () => this.claimCycle(),
      idleMs: opts.idleMs,
      backoff: { baseMs: Math.min(opts.idleMs, 50), maxMs: 2_000 },
      quiet: isTransientStorageError,
    });
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setImmediate(() => {
      this.flushTimer = null;
      void this.flush();
    });
  }

  /** Deletes the delivered rows recorded so far. */
  async flush(): Promise<void> {
    const seqs = this.delivered.splice(0);
    if (seqs.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      try {
        // Without waiting for the disk: a power loss that drops the delete sends them again.
        await lazyWrite(this.ctx.db, this.ctx.dialect, (tx) => deleteOutboxRows(tx, seqs));
      } catch (err) {
        // Their leases run out and they are sent again: at least once, never lost.
        // A storage outage is logged once by the database's health (store/health.ts), not per pass.
        if (!isTransientStorageError(err)) this.ctx.log.error({ err, rows: seqs.length }, 'deleting delivered outbox rows failed');
      }
      this.kick();
    });
    await this.flushing;
  }

  private async upkeep(): Promise<void> {
    const now = this.ctx.clock.now();
    if (now - this.lastHousekeeping < 10_000 && now >= this.lastHousekeeping) return;
    this.lastHousekeeping = now;
    try {
      await this.housekeeping(now);
    } catch (err) {
      if (!isTransientStorageError(err)) this.ctx.log.error({ err }, 'notification housekeeping failed');
    }
  }

  private async process(row: OutboxRow): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.deliver(row);
    } catch (err) {
      outcome = { ok: false, retry: true, error: (err as Error).message ?? String(err) };
    }
    const attempt = row.attempt + 1;
    try {
      if (outcome.ok) {
        // Deleted in batches (one commit for many); until then the lease keeps the row from being sent again.
        this.delivered.push(row.seq);
        this.scheduleFlush();
        if (outcome.skipped) this.stats.skipped++;
        else this.stats.delivered++;
        return;
      }
      // Outcomes commit without waiting for the disk: a power loss that drops one only means the
      // row's lease runs out and it is tried again (at least once), with its records, atomically.
      const { db, dialect, clock } = this.ctx;
      if (outcome.retry && attempt < this.opts.maxAttempts) {
        this.stats.retried++;
        await lazyWrite(db, dialect, (tx) => retryOutboxRow(tx, row.seq, attempt, clock.now() + retryDelayMs(attempt, this.opts), outcome.error));
        return;
      }
      this.stats.givenUp++;
      await lazyCommit(db, dialect, async (tx) => {
        await markOutboxDead(tx, row.seq, attempt, outcome.error);
        await this.onGiveUp(tx, row, outcome.error, attempt);
      });
      this.ctx.log.warn({ outbox: row.id, kind: row.kind, key: row.key, attempt, error: outcome.error }, 'notification given up');
    } catch (err) {
      // The lease expires and another pass retries it: at least once, never lost.
      if (!isTransientStorageError(err)) this.ctx.log.error({ err, outbox: row.id }, 'recording an outbox outcome failed');
    }
  }

  /** One pass: claims what is due now and delivers it; resolves when those deliveries are done. */
  async runOnce(limit = this.opts.concurrency): Promise<number> {
    await this.upkeep();
    const rows = await claimOutbox(this.ctx.db, this.ctx.dialect, this.ctx.clock.now(), limit, this.opts.leaseMs);
    await Promise.all(rows.map((r) => this.process(r)));
    await this.flush();
    return rows.length;
  }

  /** Passes until nothing is due (tests). */
  async drain(maxPasses = 1000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxPasses; i++) {
      const n = await this.runOnce();
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  /** Wakes the loop now: rows were committed, or a delivery finished and its lane has room. */
  kick(): void {
    this.loop.wake();
  }

  start(): void {
    if (this.loop.isRunning) return;
    this.loop.start();
    const every = Math.max(50, Math.floor(this.opts.leaseMs / 3));
    this.renewal = setInterval(() => void this.renewLeases(), every);
    this.renewal.unref();
  }

  /** Extends the leases of the deliveries in flight, so that no other node takes them while they run. */
  private async renewLeases(): Promise<void> {
    const seqs = [...this.inFlight.values()].map((r) => r.seq);
    if (seqs.length === 0) return;
    try {
      await lazyWrite(this.ctx.db, this.ctx.dialect, (tx) => renewOutboxLeases(tx, seqs, this.ctx.clock.now() + this.opts.leaseMs));
    } catch (err) {
      // A lease that runs out means the row may be sent again (at least once), never lost.
      if (!isTransientStorageError(err)) this.ctx.log.error({ err, rows: seqs.length }, 'renewing outbox leases failed');
    }
  }

  /** The kinds whose lane has room, and how many rows may be claimed without overfilling any of them. */
  private room(): { kinds: OutboxKind[] | null; limit: number } {
    const lanes = this.opts.lanes ?? [['webhook'], ['email'], ['contact']];
    const used = lanes.map(() => 0);
    for (const lane of this.laneOf.values()) used[lane]++;
    const open = lanes.map((kinds, i) => ({ kinds, room: this.opts.concurrency - used[i] })).filter((l) => l.room > 0);
    if (open.length === 0) return { kinds: [], limit: 0 };
    const limit = Math.min(...open.map((l) => l.room));
    return { kinds: open.length === lanes.length ? null : open.flatMap((l) => l.kinds), limit };
  }

  private laneIndex(kind: OutboxKind): number {
    const lanes = this.opts.lanes ?? [['webhook'], ['email'], ['contact']];
    const i = lanes.findIndex((l) => l.includes(kind));
    return i < 0 ? 0 : i;
  }

  /** Claims what its lanes have room for and starts delivering it; true when it should claim again at once. */
  private async claimCycle(): Promise<boolean> {
    const { kinds, limit } = this.room();
    if (limit === 0) return false;
    await this.upkeep();
    // A lease lost to a power loss only means the rows are claimed again: no wait for the disk.
    const claimed = await lazyWrite(this.opts.claimDb ?? this.ctx.db, this.ctx.dialect, (tx) => claimOutbox(tx, this.ctx.dialect, this.ctx.clock.now(), limit, this.opts.leaseMs, kinds));
    // A row still being delivered here whose lease ran out before its renewal (a stalled event loop)
    // is not started twice; the claim has just leased it again.
    const busy = new Set([...this.inFlight.values()].map((r) => r.seq));
    const rows = claimed.filter((r) => !busy.has(r.seq));
    for (const r of rows) {
      const p: Promise<void> = this.process(r).finally(() => {
        this.inFlight.delete(p);
        this.laneOf.delete(p);
        this.kick();
      });
      this.inFlight.set(p, r);
      this.laneOf.set(p, this.laneIndex(r.kind));
    }
    return rows.length > 0 && this.room().limit > 0;
  }

  /** Stops claiming and waits for deliveries in flight. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.all([...this.inFlight.keys()]);
    if (this.renewal) clearInterval(this.renewal);
    this.renewal = null;
    await this.flush();
  }
}
