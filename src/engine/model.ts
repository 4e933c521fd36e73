import { backoffMs } from '../worker-loop.js';

/**
 * Every timer kind there is. Modules schedule only these, and src/reactions.ts registers one handler
 * per kind; the engine knows the names, not the modules. A new module adds its kinds here.
 */
export type TimerKind =
  | 'incident.escalate'
  | 'incident.unacknowledge'
  | 'incident.auto_resolve'
  | 'incident.unsnooze'
  | 'incident.urgency_change'
  | 'maintenance.start'
  | 'maintenance.end'
  /** A schedule's next on-call handoff notice is due (subject: the schedule). */
  | 'schedule.handoff';

/** A pending timer as its handler sees it. */
export interface Timer {
  id: string;
  /** A TimerKind, but read from the table: a node of a newer version may have written a kind this one lacks. */
  kind: string;
  subjectId: string;
  /** When it is due now (pushed back by retries). */
  dueAt: number;
  /** When it was first due: lag is measured from here. */
  firstDueAt: number;
  /** The subject's version when scheduled; compare and no-op when stale. */
  fence: number;
  /** Failed runs so far. */
  attempt: number;
}

/** Base delay of the first retry, doubled each attempt up to the cap. */
export const RETRY_BASE_MS = 1_000;
export const RETRY_CAP_MS = 15 * 60_000;

/** When a timer that failed for the `attempt`-th time runs again. */
export function retryAt(now: number, attempt: number): number {
  return now + backoffMs(attempt, RETRY_BASE_MS, RETRY_CAP_MS);
}
