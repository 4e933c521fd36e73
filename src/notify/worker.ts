import type { Context } from '../context.js';
import { lazyWrite } from '../store/db.js';
import { isTransientStorageError } from '../store/failure.js';
import type { Outcome } from './deliver.js';
import type { OutboxKind, OutboxRow } from './model.js';
import { claimOutbox, deleteOutboxRows, markOutboxDead, retryOutboxRow } from './outbox-store.js';

export interface WorkerOptions {
  /** Attempts before giving up (the first try included). */
  maxAttempts: number;
  /** Backoff after attempt n is min(base * 2^(n-1), max). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long a claim keeps other nodes off a row; longer than any single delivery can take. */
  leaseMs: number;
  /** Deliveries in flight at once per lane (each row is the head of its own key, so they are independent). */
  concurrency: number;
  /**
   * Kinds that share a concurrency budget. A slow receiver of one lane (Twilio answering in 5 s, a
   * hanging SMTP relay) fills only its lane: the others keep being claimed and delivered.
   */
  lanes?: OutboxKind[][];
  /** Poll interval when idle (real time). */
  idleMs: number;
}

export interface WorkerStats {
  delivered: number;
  skipped: number;
  retried: number;
  givenUp: number;
}

export function backoffMs(attempt: number, o: Pick<WorkerOptions, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  return Math.min(o.backoffBaseMs * 2 ** Math.max(0, attempt - 1), o.backoffMaxMs);
}

/**
 * Claims outbox rows (SKIP LOCKED on PostgreSQL, so nodes share them), delivers them concurrently and
 * records the outcome: delete on success, retry with exponential backoff, or give up (dead row + hook).
 */
export class OutboxWorker {
  readonly stats: WorkerStats = { delivered: 0, skipped: 0, retried: 0, givenUp: 0 };
  private running = false;
  private inFlight = new Set<Promise<void>>();
  private laneOf = new Map<Promise<void>, number>();
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  private delivered: number[] = [];
  private flushTimer: NodeJS.Immediate | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private lastHousekeeping = 0;
  private hotUntil = 0;

  constructor(
    private readonly ctx: Context,
    private readonly deliver: (row: OutboxRow) => Promise<Outcome>,
    private readonly onGiveUp: (row: OutboxRow, error: string, attempt: number) => Promise<void>,
    readonly opts: WorkerOptions,
    /** Periodic upkeep (re-enabling subscriptions whose 24-hour disable ran out), at most every 10 s. */
    private readonly housekeeping: (now: number) => Promise<void> = async () => undefined,
  ) {}

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
      if (outcome.retry && attempt < this.opts.maxAttempts) {
        this.stats.retried++;
        await retryOutboxRow(this.ctx.db, row.seq, attempt, this.ctx.clock.now() + backoffMs(attempt, this.opts), outcome.error);
        return;
      }
      this.stats.givenUp++;
      await markOutboxDead(this.ctx.db, row.seq, attempt, outcome.error);
      this.ctx.log.warn({ outbox: row.id, kind: row.kind, key: row.key, attempt, error: outcome.error }, 'notification given up');
      await this.onGiveUp(row, outcome.error, attempt);
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

  /**
   * Wakes the loop now (something was enqueued). The enqueuing transaction may not have committed
   * yet, so for a short while after a kick the loop polls every 5 ms (for 250 ms) instead of every `idleMs`.
   */
  kick(): void {
    this.hotUntil = Date.now() + 250;
    this.wake?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
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

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      const { kinds, limit } = this.room();
      if (limit > 0) {
        try {
          await this.upkeep();
          // A lease lost to a power loss only means the rows are claimed again: no wait for the disk.
          const rows = await lazyWrite(this.ctx.db, this.ctx.dialect, (tx) => claimOutbox(tx, this.ctx.dialect, this.ctx.clock.now(), limit, this.opts.leaseMs, kinds));
          claimed = rows.length;
          for (const r of rows) {
            const p: Promise<void> = this.process(r).finally(() => {
              this.inFlight.delete(p);
              this.laneOf.delete(p);
              this.kick();
            });
            this.inFlight.add(p);
            this.laneOf.set(p, this.laneIndex(r.kind));
          }
        } catch (err) {
          if (this.running && !isTransientStorageError(err)) this.ctx.log.error({ err }, 'claiming outbox rows failed');
        }
      }
      if (claimed > 0 && this.room().limit > 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Date.now() < this.hotUntil ? 5 : this.opts.idleMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = null;
    }
  }

  /** Stops claiming and waits for deliveries in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
    await Promise.all([...this.inFlight]);
    await this.flush();
  }
}
