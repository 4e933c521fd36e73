// The durable step runner. Each run (instance row) is its own queue entry: a node claims due runs
// with a lease (SKIP LOCKED on PostgreSQL, as the notify outbox does), runs their steps in order and
// writes each step's state fenced by that lease, so a node that lost its lease writes nothing.
// - A `db` step runs in one transaction with its recorded result: exactly once.
// - The `http` step first commits `sending` (its intent), then sends, then records the answer. A run
//   found `sending` after a crash is not sent again (the receiver may have acted): the step fails,
//   saying so. A 5xx, 429 or no answer is retried with backoff; the failure is on the run meanwhile.
import type { Context } from '../context.js';
import { ConflictError, DomainError } from '../errors.js';
import { isTransientStorageError } from '../store/failure.js';
import { findAction } from './actions.js';
import { runDbStep, runHttpStep } from './execute.js';
import { StepFailure } from './failure.js';
import { MAX_ATTEMPTS, retryDelayMs, type Instance, type StepRun } from './model.js';
import type { ResponsePort } from './ports.js';
import { claimInstances, nextInstanceDueAt, saveInstance } from './store.js';

export interface RunnerOptions {
  /** How long a claim keeps other nodes off a run; renewed at every step. */
  leaseMs?: number;
  /** How often an idle node looks for due runs (real time). */
  pollMs?: number;
  batchSize?: number;
}

class LostLease extends Error {}

function withRun(i: Instance, k: number, run: Partial<StepRun>, over: Partial<Instance>): Instance {
  const stepRuns = i.stepRuns.map((r, j) => (j === k ? { ...r, ...run } : r));
  return { ...i, stepRuns, ...over };
}

export class WorkflowRunner {
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly ctx: Context,
    private readonly response: ResponsePort,
    opts: RunnerOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 250;
    this.batchSize = opts.batchSize ?? 20;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** Runs every run due at the clock's now, batch after batch; returns how many runs it advanced. */
  async runDue(): Promise<number> {
    let total = 0;
    for (let i = 0; i < 1000; i++) {
      const claimed = await this.ctx.db.transaction().execute((tx) => claimInstances(tx, this.ctx.dialect, this.ctx.clock.now(), this.batchSize, this.leaseMs));
      if (claimed.length === 0) break;
      await Promise.all(claimed.map((inst) => this.advance(inst)));
      total += claimed.length;
    }
    return total;
  }

  /** The earliest due time of a running run (tests fast-forward to it). */
  nextDueAt(): Promise<number | null> {
    return nextInstanceDueAt(this.ctx.db);
  }

  /** Writes `next` if the lease is still ours, renewing it while the run goes on; throws LostLease otherwise. */
  private async save(db: Context['db'], next: Instance, lease: number): Promise<Instance> {
    const now = this.ctx.clock.now();
    const renewed: Instance = { ...next, updatedAt: now, leaseUntil: next.status === 'running' && next.dueAt <= now ? now + this.leaseMs : 0 };
    if (!(await saveInstance(db, renewed, lease))) throw new LostLease();
    return renewed;
  }

  private succeeded(i: Instance, k: number, attempt: number, result: string): Instance {
    const now = this.ctx.clock.now();
    const last = k + 1 >= i.steps.length;
    return withRun(
      i,
      k,
      { status: 'succeeded', attempt, result, error: null, startedAt: i.stepRuns[k].startedAt ?? now, finishedAt: now },
      { nextStep: k + 1, dueAt: now, status: last ? 'completed' : 'running', completedAt: last ? now : null },
    );
  }

  private failed(i: Instance, k: number, attempt: number, error: string, retry: boolean): Instance {
    const now = this.ctx.clock.now();
    if (retry && attempt < MAX_ATTEMPTS) {
      const dueAt = now + retryDelayMs(attempt, this.ctx.config.workflowRetryBaseMs);
      return withRun(i, k, { status: 'retrying', attempt, error, startedAt: i.stepRuns[k].startedAt ?? now, finishedAt: now }, { dueAt });
    }
    return withRun(i, k, { status: 'failed', attempt, error, startedAt: i.stepRuns[k].startedAt ?? now, finishedAt: now }, { status: 'failed', completedAt: now });
  }

  /** Runs a claimed run's steps until it completes, fails, waits for a retry, or loses its lease. */
  private async advance(claimed: Instance): Promise<void> {
    let inst = claimed;
    let lease = claimed.leaseUntil;
    const db = this.ctx.db;
    try {
      while (inst.status === 'running' && inst.dueAt <= this.ctx.clock.now()) {
        const k = inst.nextStep;
        const step = inst.steps[k];
        const run = inst.stepRuns[k];
        const action = findAction(step.actionId);
        const attempt = run.attempt + 1;
        let next: Instance;
        if (run.status === 'sending') {
          const why = 'Interrupted while its request was in flight (the node stopped); not sent again, since the receiver may have acted on it.';
          next = this.failed(inst, k, run.attempt, why, false);
        } else if (!action) {
          next = this.failed(inst, k, attempt, `Unknown action ${step.actionId}.`, false);
        } else if (action.effect === 'db') {
          try {
            inst = await db.transaction().execute(async (tx) => this.save(tx, this.succeeded(inst, k, attempt, await runDbStep(tx, this.ctx, this.response, inst, step)), lease));
            lease = inst.leaseUntil;
            continue;
          } catch (err) {
            if (err instanceof LostLease || isTransientStorageError(err)) throw err;
            const retry = err instanceof StepFailure ? err.retry : err instanceof ConflictError || !(err instanceof DomainError);
            // A domain error's reason is in its details (its message is PagerDuty's generic title).
            const why = err instanceof DomainError && err.details.length ? `${err.message}: ${err.details.join(' ')}` : (err as Error).message;
            next = this.failed(inst, k, attempt, why, retry);
          }
        } else {
          inst = await this.save(db, withRun(inst, k, { status: 'sending', attempt, startedAt: this.ctx.clock.now() }, {}), lease);
          lease = inst.leaseUntil;
          try {
            next = this.succeeded(inst, k, attempt, await runHttpStep(this.ctx, inst, step, k));
          } catch (err) {
            next = this.failed(inst, k, attempt, (err as Error).message, err instanceof StepFailure ? err.retry : true);
          }
        }
        inst = await this.save(db, next, lease);
        lease = inst.leaseUntil;
      }
    } catch (err) {
      // Lost lease: another node has the run. Storage trouble: the lease runs out and a node takes it again.
      if (!(err instanceof LostLease) && !isTransientStorageError(err)) this.ctx.log.error({ err, instanceId: inst.id }, 'workflow run failed; it will be retried');
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let n = 0;
      try {
        n = await this.runDue();
      } catch (err) {
        if (!isTransientStorageError(err)) this.ctx.log.warn({ err }, 'workflow runner pass failed; it will be retried');
      }
      if (n === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.wake = null;
            resolve();
          }, this.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            this.wake = null;
            resolve();
          };
        });
      }
    }
  }
}
