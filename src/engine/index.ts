// engine/: the durable timers table and the loop that runs due timers exactly once, on one node
// (SQLite) or several (PostgreSQL, FOR UPDATE SKIP LOCKED). It imports no domain module: modules
// schedule timers (of a TimerKind) with scheduleTimer/cancelTimers on their own transaction, and
// src/reactions.ts registers a handler per kind. A handler runs in the transaction that removes its timer.
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db.js';
import type { TimerKind } from './model.js';
import { deleteTimersOfSubject, deleteTimersOfSubjects, upsertTimer, upsertTimers } from './store.js';

export { TimerEngine, type TimerHandler, type EngineDeps, type EngineOptions } from './engine.js';
export type { TimerKind, Timer } from './model.js';
export { listTimersOfSubject } from './store.js';

/**
 * Schedules a timer on the caller's transaction. One timer per (kind, subject) is pending at a time:
 * scheduling again replaces it. `fence` is the subject's version now; the handler no-ops when stale.
 */
export async function scheduleTimer<K extends string = TimerKind>(db: Db, timer: { kind: NoInfer<K>; subjectId: string; dueAt: number; fence?: number }): Promise<void> {
  // created_at is diagnostic only (never read by logic), so it takes the wall clock.
  await upsertTimer(db, {
    id: randomUUID(),
    kind: timer.kind,
    subjectId: timer.subjectId,
    dueAt: Math.round(timer.dueAt),
    fence: timer.fence ?? 0,
    createdAt: Date.now(),
  });
}

/** Cancels the subject's pending timers of the given kinds (all kinds when omitted). */
export async function cancelTimers<K extends string = TimerKind>(db: Db, subjectId: string, kinds?: ReadonlyArray<NoInfer<K>>): Promise<void> {
  await deleteTimersOfSubject(db, subjectId, kinds);
}

/** Many `scheduleTimer`s in one statement (the event processor's batch); the last of a (kind, subject) pair wins. */
export async function scheduleTimers<K extends string = TimerKind>(db: Db, timers: Array<{ kind: NoInfer<K>; subjectId: string; dueAt: number; fence?: number }>): Promise<void> {
  if (timers.length === 0) return;
  const now = Date.now();
  await upsertTimers(
    db,
    timers.map((x) => ({ id: randomUUID(), kind: x.kind, subjectId: x.subjectId, dueAt: Math.round(x.dueAt), fence: x.fence ?? 0, createdAt: now })),
  );
}

/** Many `cancelTimers`s in one statement: each subject's pending timers of its kinds. */
export async function cancelTimersOfSubjects<K extends string = TimerKind>(db: Db, cancels: Array<{ subjectId: string; kinds: ReadonlyArray<NoInfer<K>> }>): Promise<void> {
  await deleteTimersOfSubjects(db, cancels);
}
