// The one worker loop (GoAlert's engine loop is the model): claim → process → back off when idle or
// failing → log long cycles → stop cleanly; a signal (a commit, a NOTIFY) wakes it at once and a
// slow poll is only the safety net. The inbox processor, the timer engine and the outbox worker each
// drive their cycles with it; `backoffMs` is the one exponential backoff of the code base.

/** The few logger methods the loop needs (pino's Logger fits). */
export interface LoopLog {
  warn(obj: object, msg: string): void;
}

/** min(base · 2^(attempt−1), max): the delay before try `attempt + 1` after `attempt` failures (attempt ≥ 1). */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, attempt - 1), 30));
}

export interface WorkerLoopOptions {
  /** Named in logs. */
  name: string;
  log: LoopLog;
  /**
   * One cycle: claim and process what is due. Returns true when more is probably waiting (a full
   * batch): the loop runs again at once and wakes its siblings. A throw is a failed cycle.
   */
  cycle: () => Promise<boolean>;
  /** The safety-net poll when idle, in ms (the loop is otherwise woken by `wake()`). */
  idleMs: number;
  /** How long to sleep when idle, if sooner than `idleMs` (the timer engine: until the next due timer). */
  idleFor?: () => Promise<number>;
  /** Failed cycles back off from `baseMs`, doubling to `maxMs`; a passing cycle resets it. */
  backoff: { baseMs: number; maxMs: number };
  /** Errors not worth a log line per cycle (a storage outage is logged once by store/health.ts). */
  quiet?: (err: unknown) => boolean;
  /** Cycles running at once (PostgreSQL: overlapping round trips); default 1. */
  concurrency?: number;
  /** A cycle longer than this is logged (ms; default 5,000). */
  slowCycleMs?: number;
}

/** Per-loop counters (tests, /metrics). */
export interface LoopStats {
  cycles: number;
  failures: number;
  slowCycles: number;
}

export class WorkerLoop {
  readonly stats: LoopStats = { cycles: 0, failures: 0, slowCycles: 0 };
  private running = false;
  private pending = false;
  private runners: Array<Promise<void>> = [];
  /** Idle sleepers (woken by wake() and stop()) and backoff sleepers (woken by stop() only). */
  private idle = new Set<() => void>();
  private backingOff = new Set<() => void>();

  constructor(private readonly o: WorkerLoopOptions) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.pending = true;
    for (let k = 0; k < (this.o.concurrency ?? 1); k++) this.runners.push(this.run());
  }

  /** Work may be waiting (a commit, a notification, a finished delivery): an idle runner cycles now. */
  wake(): void {
    this.pending = true;
    for (const w of [...this.idle]) w();
  }

  /** Stops after the cycles in flight, which are awaited. */
  async stop(): Promise<void> {
    this.running = false;
    for (const w of [...this.idle, ...this.backingOff]) w();
    await Promise.all(this.runners);
    this.runners = [];
  }

  private async run(): Promise<void> {
    let failures = 0;
    // Every runner looks once at start (work may have waited while the node was down).
    let again = true;
    while (this.running) {
      if (!again && !this.pending) {
        await this.sleep(await this.idleWait(), this.idle);
        if (!this.running) break;
      }
      this.pending = false;
      const started = performance.now();
      try {
        // More waiting: this runner goes on, and idle siblings join it.
        again = await this.o.cycle();
        failures = 0;
        if (again) this.wake();
      } catch (err) {
        failures++;
        this.stats.failures++;
        if (this.running && !this.o.quiet?.(err)) this.o.log.warn({ err, loop: this.o.name, failures }, `${this.o.name}: cycle failed; retrying after a pause`);
        await this.sleep(backoffMs(failures, this.o.backoff.baseMs, this.o.backoff.maxMs), this.backingOff);
        // What failed is still due: look again as soon as the pause ends.
        again = true;
      }
      this.stats.cycles++;
      const ms = performance.now() - started;
      if (ms > (this.o.slowCycleMs ?? 5000)) {
        this.stats.slowCycles++;
        this.o.log.warn({ loop: this.o.name, ms: Math.round(ms) }, `${this.o.name}: a cycle took long`);
      }
      // Let the HTTP side (and the group commit) take the next turn before the next cycle.
      await new Promise((r) => setImmediate(r));
    }
  }

  private async idleWait(): Promise<number> {
    if (!this.o.idleFor) return this.o.idleMs;
    try {
      return Math.max(0, Math.min(this.o.idleMs, await this.o.idleFor()));
    } catch {
      // The next cycle reports a lasting problem.
      return this.o.idleMs;
    }
  }

  private sleep(ms: number, set: Set<() => void>): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }
}
