// Writes what a pure transition returned, on the caller's executor: the incident row (fenced by
// version), its log entries, the timers its due times ask for (fenced by the new version), and
// the `incident.event` hooks. Also the shared loaders (service settings, policy snapshot).
import { findUsersByIds } from '../accounts/index.js';
import type { Context } from '../context.js';
import { cancelTimers, scheduleTimer } from '../engine/index.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { findEscalationPolicyById } from '../escalation/index.js';
import { readService, type Service } from '../services/index.js';
import { whoIsOnCall } from '../schedules/index.js';
import type { Db } from '../store/db.js';
import { txCached } from '../store/tx-cache.js';
import { desiredTimers, INCIDENT_TIMER_KINDS, type Change, type Incident, type LogEntry, type OnCallMap, type PolicySnapshot, type ServiceTimers } from './model.js';
import { insertIncident, lockIncidentById, updateIncident } from './store.js';
import { insertLogEntries } from './log-store.js';
import { ASSIGNEES } from './transitions.js';

/** What incident logic needs from the shared context. */
export type Deps = Pick<Context, 'clock' | 'ids' | 'hooks' | 'dialect'>;

/** "Alice Smith and Bob Jones", from user ids (unknown ids are shown as the id). */
export async function namesOf(db: Db, ids: string[]): Promise<string> {
  if (ids.length === 0) return 'nobody';
  const byId = await txCached(db, `user-names:${ids.join(',')}`, async () => new Map((await findUsersByIds(db, ids)).map((u) => [u.id, u.name])));
  const names = ids.map((id) => byId.get(id) ?? id);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Writes a change; `prev` null means a new incident. Returns the incident as written. */
export async function applyChange(db: Db, deps: Deps, prev: Incident | null, change: Change): Promise<Incident> {
  const next = { ...change.next };
  const now = next.updatedAt;
  const entries: LogEntry[] = [];
  for (const l of change.logs) {
    let summary = l.summary;
    if (summary.includes(ASSIGNEES)) summary = summary.replace(ASSIGNEES, await namesOf(db, (l.details?.assignees as string[]) ?? []));
    entries.push({
      ...l,
      summary,
      id: deps.ids.logEntryId(),
      incidentId: next.id,
      serviceId: next.serviceId,
      teamIds: next.teamIds,
      note: l.note ?? null,
      createdAt: now,
    });
  }
  if (prev === null) {
    next.firstTriggerLogEntryId = entries.find((e) => e.type === 'trigger_log_entry')?.id ?? null;
    await insertIncident(db, next);
  } else if (!(await updateIncident(db, next, prev.version))) {
    throw new ConflictError('Data Updated Since Last Request: the incident changed while this request ran; try again.');
  }
  await insertLogEntries(db, entries, next.version * 1000);
  await syncTimers(db, next, prev !== null);
  for (const e of change.events) {
    await deps.hooks.emit(db, 'incident.event', { incidentId: next.id, eventType: e.eventType, agent: e.agent, at: now, noteId: e.noteId, assigneeIds: e.assigneeIds });
  }
  return next;
}

/** Makes the engine's timers match the incident's due times, fenced by its version. */
export async function syncTimers(db: Db, i: Incident, existing: boolean): Promise<void> {
  const want = desiredTimers(i);
  const cancel = INCIDENT_TIMER_KINDS.filter((k) => !want.some((w) => w.kind === k));
  if (existing && cancel.length > 0) await cancelTimers(db, i.id, cancel);
  for (const w of want) await scheduleTimer(db, { kind: w.kind, subjectId: i.id, dueAt: w.dueAt, fence: i.version });
}

/** The service of an incident (deleted ones too); throws when it never existed. */
export async function loadService(db: Db, id: string): Promise<Service> {
  const s = await readService(db, id);
  if (!s) throw new NotFoundError('Service', id);
  return s;
}

export function timersOf(s: Pick<Service, 'acknowledgementTimeout' | 'autoResolveTimeout'> | null): ServiceTimers {
  return { acknowledgementTimeout: s?.acknowledgementTimeout ?? null, autoResolveTimeout: s?.autoResolveTimeout ?? null };
}

/** The policy frozen as it is now: rules with their user (and schedule) targets. */
export async function snapshotPolicy(db: Db, policyId: string | null): Promise<PolicySnapshot | null> {
  if (!policyId) return null;
  return txCached(db, `policy:${policyId}`, () => readPolicy(db, policyId));
}

async function readPolicy(db: Db, policyId: string): Promise<PolicySnapshot | null> {
  const p = await findEscalationPolicyById(db, policyId);
  if (!p) return null;
  return {
    id: p.id,
    name: p.name,
    numLoops: p.numLoops,
    rules: p.rules.map((r) => ({
      id: r.id,
      delayMinutes: r.escalationDelayInMinutes,
      userIds: r.targets.filter((t) => t.type === 'user_reference').map((t) => t.id),
      scheduleIds: r.targets.filter((t) => t.type === 'schedule_reference').map((t) => t.id),
    })),
  };
}

/**
 * Who is on call, at `at`, on every schedule the policy targets (any level: the transition picks the
 * level), or undefined when it targets none, so user-only policies cost nothing more.
 */
export async function onCallFor(db: Db, policy: PolicySnapshot | null, at: number): Promise<OnCallMap | undefined> {
  const ids = [...new Set(policy?.rules.flatMap((r) => r.scheduleIds) ?? [])];
  if (ids.length === 0) return undefined;
  return whoIsOnCall(db, ids, at);
}

/**
 * Locks the incident, runs the transition and writes it. `fence`: when given and stale, nothing
 * happens. Returns the incident after the change (or as it was, for a no-op).
 */
export async function transact(
  db: Db,
  deps: Deps,
  id: string,
  fn: (i: Incident, now: number) => Promise<Change | null> | Change | null,
  fence?: number,
): Promise<Incident> {
  const i = await lockIncidentById(db, deps.dialect, id);
  if (!i) throw new NotFoundError('Incident', id);
  if (fence !== undefined && fence !== i.version) return i;
  const change = await fn(i, deps.clock.now());
  return change ? applyChange(db, deps, i, change) : i;
}
