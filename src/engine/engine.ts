import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Db, Dialect } from '../store/db.js';
import { isTransientStorageError } from '../store/failure.js';
import { enableTxCache } from '../store/tx-cache.js';
import { enableTxDefer, flushTxDeferred } from '../store/tx-defer.js';
import { WorkerLoop } from '../worker-loop.js';
import { retryAt, type Timer, type TimerKind } from './model.js';
import { claimDueTimers, deleteTimerById, deleteTimersByIds, findNextDueAt, postponeTimer } from './store.js';

/** Runs in the transaction that removes the timer: its writes and the removal commit together. */
export type TimerHandler = (db: Db, timer: Timer) => Promise<void>;

/**
 * Runs many due timers of its kinds at once, in claim order, on the batch's transaction, with the
 * effect of the kinds' one-by-one handlers run on each in turn (set-based: a constant number of
 * statements per batch). It throws when one of them would: the batch then runs again timer by timer.
 */
export type TimerBatchHandler = (db: Db, timers: Timer[]) => Promise<void>;

export interface EngineDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
}

export interface EngineOptions {
  /** How often an idle node looks for due timers (ms). */
  pollMs?: number;
  /** Timers claimed and run per transaction. */
  batchSize?: number;
  /** Batches a node runs at once (PostgreSQL: 2 by default, to hide round trips; SQLite: 1). */
  concurrency?: number;
  /** A name for this node in logs. */
  nodeId?: string;
  /**
   * Run consecutive timers of kinds with a batch handler together (default). false: every timer by
   * its own handler, as before (the property test's reference).
   */
  setBased?: boolean;
  /** Called after each committed timer (benchmarks, tests): the timer and when its effect committed. */
  onDone?: (timer: Timer, committedAt: number) => void;
}

/**
 * The durable timer loop. Each batch is one short transaction: claim due timers (SKIP LOCKED on
 * PostgreSQL), delete them and run their handlers; a failing handler's timer is postponed with
 * backoff (see runBatch). A node killed mid-batch commits nothing, so its timers are claimed again
 * by whichever node polls next.
 */
/** `K`: the kinds it runs; TimerKind but in the engine's own tests, which use made-up kinds. */
export class TimerEngine<K extends string = TimerKind> {
  private handlers = new Map<string, TimerHandler>();
  private batchHandlers = new Map<string, TimerBatchHandler>();
  private readonly pollMs: number;
  private readonly batchSize: number;
  readonly nodeId: string;
  private readonly loop: WorkerLoop;
  /** Timers the latest batch of the loop handled (0: nothing was due, or another node holds it). */
  private lastRan = 0;

  constructor(
    private deps: EngineDeps,
    private opts: EngineOptions = {},
  ) {
    this.pollMs = opts.pollMs ?? 200;
    this.batchSize = opts.batchSize ?? 100;
    this.nodeId = opts.nodeId ?? `${hostname()}:${process.pid}`;
    this.loop = new WorkerLoop({
      name: 'timer engine',
      log: deps.log,
      cycle: async () => {
        // A lost connection or a deadlock rolls the batch back; its timers stay due and run again.
        this.lastRan = await this.runBatch();
        return this.lastRan >= this.batchSize;
      },
      idleMs: this.pollMs,
      idleFor: () => this.idleFor(),
      backoff: { baseMs: this.pollMs, maxMs: 5_000 },
      quiet: isTransientStorageError,
      concurrency: opts.concurrency ?? (deps.dialect === 'postgres' ? 2 : 1),
    });
  }

  /** Registers the handler of a timer kind; one per kind. */
  register(kind: K, handler: TimerHandler): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for timer kind ${kind} is already registered`);
    this.handlers.set(kind, handler);
  }

  /**
   * Registers a set-based handler of kinds that have their one-by-one handler already: the engine
   * uses it for runs of those kinds in a batch, and the one-by-one handlers when a batch fails.
   */
  registerBatch(kinds: K[], handler: TimerBatchHandler): void {
    for (const kind of kinds) {
      if (!this.handlers.has(kind)) throw new Error(`timer kind ${kind} needs its one-by-one handler first`);
      if (this.batchHandlers.has(kind)) throw new Error(`a batch handler for timer kind ${kind} is already registered`);
      this.batchHandlers.set(kind, handler);
    }
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }

  /** Starts polling; timers that fell due while every node was down run first, in due order. */
  start(): void {
    this.loop.start();
  }

  /** Timers may have fallen due sooner than the loop's next look (a NOTIFY from another node). */
  wake(): void {
    this.loop.wake();
  }

  /** Stops polling and waits for the batch in flight to commit. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Runs every timer due at `now` (default: the clock), batch after batch; returns how many ran or failed. */
  async runDue(now: number = this.deps.clock.now()): Promise<number> {
    let total = 0;
    // A handler may schedule another timer that is already due (an incident's change re-fences its
    // other timers), so batches run until none is due; the bound stops a runaway loop.
    for (let i = 0; i < 10_000; i++) {
      const n = await this.runBatch(now);
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  /** The earliest pending due time among registered kinds, or null. */
  nextDueAt(): Promise<number | null> {
    return findNextDueAt(this.deps.db, this.kinds());
  }

  /**
   * Claims and runs one batch in one transaction; returns the number of timers it handled. The fast
   * path removes the batch's timers in one statement and runs the handlers without savepoints; if
   * any handler throws, that transaction rolls back whole and the batch runs again timer by timer,
   * each in a savepoint, so only the failing timer is postponed.
   */
  async runBatch(now: number = this.deps.clock.now()): Promise<number> {
    const kinds = this.kinds();
    if (kinds.length === 0) return 0;
    let done: Timer[] = [];
    let n: number;
    try {
      n = await this.deps.db.transaction().execute(async (tx) => {
        done = [];
        const timers = await claimDueTimers(tx, this.deps.dialect, now, this.batchSize, kinds);
        if (timers.length === 0) return 0;
        await deleteTimersByIds(tx, timers.map((t) => t.id));
        await this.runClaimed(tx, timers);
        done = timers;
        return timers.length;
      });
    } catch (err) {
      this.deps.log.debug({ err, node: this.nodeId }, 'timer batch failed; running it timer by timer');
      n = await this.deps.db.transaction().execute(async (tx) => {
        done = [];
        const timers = await claimDueTimers(tx, this.deps.dialect, now, this.batchSize, kinds);
        for (const timer of timers) {
          if (await this.runOne(tx, timer)) done.push(timer);
        }
        return timers.length;
      });
    }
    if (this.opts.onDone && done.length) {
      const at = Date.now();
      for (const timer of done) this.opts.onDone(timer, at);
    }
    return n;
  }

  /**
   * Runs claimed timers in order: consecutive timers of one batch handler together, the others by
   * their own handlers. A batch of batch-handled kinds only also reuses reads and defers inserts
   * for the whole transaction (store/tx-cache.ts, tx-defer.ts), as the event processor's batch does;
   * a batch mixing in other kinds (maintenance, handoffs) does not, since those change what is read.
   */
  private async runClaimed(tx: Db, timers: Timer[]): Promise<void> {
    const setBased = this.opts.setBased ?? true;
    const batchOf = (t: Timer) => (setBased ? this.batchHandlers.get(t.kind) : undefined);
    const whole = timers.every((t) => batchOf(t) !== undefined);
    if (whole) {
      enableTxCache(tx);
      enableTxDefer(tx);
    }
    let run: Timer[] = [];
    let runBy: TimerBatchHandler | undefined;
    const flush = async () => {
      if (runBy && run.length) await runBy(tx, run);
      run = [];
      runBy = undefined;
    };
    for (const timer of timers) {
      const by = batchOf(timer);
      if (by !== runBy) await flush();
      if (by) {
        runBy = by;
        run.push(timer);
      } else {
        await this.handlers.get(timer.kind)!(tx, timer);
      }
    }
    await flush();
    if (whole) await flushTxDeferred(tx);
  }

  private async runOne(tx: Db, timer: Timer): Promise<boolean> {
    const handler = this.handlers.get(timer.kind)!;
    await sql`savepoint timer_run`.execute(tx);
    try {
      // Delete first: the handler may schedule the next timer of the same kind and subject.
      await deleteTimerById(tx, timer.id);
      await handler(tx, timer);
      await sql`release savepoint timer_run`.execute(tx);
      return true;
    } catch (err) {
      // Not the timer's fault (the database gone, a lock, a timeout): the whole batch rolls back and
      // runs again at the next poll, and the timer's attempts are not spent on it.
      if (isTransientStorageError(err)) throw err;
      await sql`rollback to savepoint timer_run`.execute(tx);
      await sql`release savepoint timer_run`.execute(tx);
      const attempt = timer.attempt + 1;
      const next = retryAt(this.deps.clock.now(), attempt);
      const message = err instanceof Error ? err.message : String(err);
      await postponeTimer(tx, timer.id, next, attempt, message);
      this.deps.log.error(
        { err, timerId: timer.id, kind: timer.kind, subjectId: timer.subjectId, attempt, retryAt: new Date(next).toISOString(), node: this.nodeId },
        'timer handler failed; retrying later',
      );
      return false;
    }
  }

  /** Until the next due timer when it is sooner than the poll interval (timers scheduled meanwhile wait a poll at most). */
  private async idleFor(): Promise<number> {
    const next = await this.nextDueAt();
    const wait = next === null ? this.pollMs : next - this.deps.clock.now();
    // Due but not taken by an empty batch: another node holds it, or it failed; do not spin.
    if (wait <= 0 && this.lastRan === 0) return this.pollMs;
    return wait;
  }
}
