import type { Context } from '../context.js';
import type { Db } from '../store/db.js';
import type { ContactPayload } from './fanout.js';
import type { OutboxRow } from './model.js';
import { insertOutboxRows } from './outbox-store.js';
import { retryDelayMs, type WorkerOptions } from './worker.js';

/**
 * A notification a provider accepted but later reported as not delivered (Twilio's status callback:
 * failed, undelivered, no-answer, busy): it counts as a failed attempt, exactly as a failed send would.
 * The retry is a new outbox row due after the same backoff; past the last attempt it is given up.
 */
export interface LateFailure {
  outboxId: string;
  /** Attempts made before the one that failed late. */
  attempt: number;
  payload: ContactPayload;
  error: string;
  /** Whether another attempt could succeed (false: canceled). */
  retryable: boolean;
}

/** Returns the row to give up (the caller does, after its transaction commits), or null when a retry was queued. */
export async function retryLateFailure(db: Db, ctx: Pick<Context, 'ids' | 'clock'>, opts: WorkerOptions, f: LateFailure): Promise<OutboxRow | null> {
  const attempt = f.attempt + 1;
  const now = ctx.clock.now();
  const id = ctx.ids.hex32();
  const row = {
    id,
    kind: 'contact' as const,
    key: `n:${id}`,
    targetId: f.payload.userId,
    incidentId: f.payload.incidentId,
    payload: f.payload,
    dueAt: now + retryDelayMs(attempt, opts),
    createdAt: now,
    attempt,
  };
  if (f.retryable && attempt < opts.maxAttempts) {
    await insertOutboxRows(db, [row]);
    return null;
  }
  return { ...row, seq: 0, status: 'dead', lastError: f.error };
}
