// Set-based timers: a claimed batch of due incident timers (escalations, acknowledgement timeouts,
// auto-resolves, snooze ends) applied with a constant number of statements, as the event processor's
// batch does (batch.ts): the incidents are read and locked in one query, each timer's change is the
// one its one-by-one handler makes (timer-changes.ts), in claim order, and a round of changes is
// written with multi-row statements before its `incident.event` hooks run. A round ends early only
// when a second timer of an incident comes up (an escalation and an auto-resolve due together): the
// second then sees the first's new version and, as one by one, finds its fence stale.
import type { Timer } from '../engine/index.js';
import type { Db } from '../store/db.js';
import type { Deps } from './apply.js';
import { IncidentBatch } from './batch.js';
import { isIncidentTimerKind } from './timer-changes.js';

/** Applies due incident timers in order on the engine's transaction; throws as the first failing one-by-one handler would. */
export async function onIncidentTimers(db: Db, deps: Deps, timers: Timer[]): Promise<void> {
  const batch = new IncidentBatch(db, deps, deps.clock.now());
  await batch.load(timers.map((t) => t.subjectId));
  const round = async () => {
    await batch.write();
    await batch.emit();
  };
  for (const t of timers) {
    if (!isIncidentTimerKind(t.kind)) throw new Error(`timer kind ${t.kind} is not an incident's`);
    if (batch.busy(t.subjectId)) await round();
    await batch.timer(t.kind, t.subjectId, t.fence);
  }
  await round();
}
