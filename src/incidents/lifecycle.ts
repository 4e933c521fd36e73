// The incident use cases other modules call (events processor, engine timers) and REST builds on.
// Each runs on the caller's executor; the caller owns the transaction.
import { touchLastIncident } from '../services/index.js';
import type { Db } from '../store/db.js';
import { applyChange, loadService, onCallFor, timersOf, transact, type Deps } from './apply.js';
import type { Agent, Channel, Incident, LogDraft, LogEntry, Urgency } from './model.js';
import { lockIncidentById, nextIncidentNumber } from './store.js';
import { txDefer } from '../store/tx-defer.js';
import { txRecall } from '../store/tx-cache.js';
import { insertLogEntries, insertLogEntryRows } from './log-store.js';
import { escalation, timerChange, withLivePolicy, type IncidentTimerKind } from './timer-changes.js';
import * as tr from './transitions.js';

import { openFields, type OpenIncidentInput } from './open.js';

export type { OpenIncidentInput } from './open.js';

/** Opens a triggered incident: row, trigger and assign log entries, timers, hooks, service stamp. */
export async function openIncident(db: Db, deps: Deps, input: OpenIncidentInput): Promise<Incident> {
  const at = input.at ?? deps.clock.now();
  const { service, fields } = await openFields(db, input, deps.ids.id(), at);
  const change = tr.open(
    { ...fields, number: await nextIncidentNumber(db) },
    { agent: input.agent, channel: input.channel, now: at, onCall: input.assignTo?.length ? undefined : await onCallFor(db, fields.policy, at) },
  );
  if (input.acknowledged) {
    // One write: listeners (notifications) see an acknowledged incident, so nobody is paged.
    const ack = tr.acknowledge(change.next, { agent: input.agent, channel: input.channel, now: at }, timersOf(service));
    if (ack) {
      change.next = { ...ack.next, version: 1 };
      change.logs.push(...ack.logs);
      change.events.push(...ack.events);
    }
  }
  const incident = await applyChange(db, deps, null, change);
  await touchLastIncident(db, service.id, at);
  return incident;
}

/** Acknowledges; a no-op when resolved or already acknowledged by this agent. */
export async function acknowledgeIncident(db: Db, deps: Deps, incidentId: string, agent: Agent, channel: Channel): Promise<Incident> {
  return transact(db, deps, incidentId, async (i, now) => tr.acknowledge(i, { agent, channel, now }, timersOf(await loadService(db, i.serviceId))));
}

/** Resolves; a no-op when already resolved. `resolution` becomes the resolve log entry's note. */
export async function resolveIncident(
  db: Db,
  deps: Deps,
  incidentId: string,
  agent: Agent,
  channel: Channel,
  opts: { resolution?: string | null } = {},
): Promise<Incident> {
  return transact(db, deps, incidentId, (i, now) => tr.resolve(i, { agent, channel, now }, opts));
}

/** Acknowledged → triggered by an agent (REST status=triggered, or an event); a no-op otherwise. */
export async function retriggerIncident(db: Db, deps: Deps, incidentId: string, agent: Agent, channel: Channel): Promise<Incident> {
  return transact(db, deps, incidentId, (i, now) => tr.retrigger(i, { agent, channel, now }));
}

/** Resolved → triggered (or acknowledged) again, assigned to level 1 of its policy snapshot. */
export async function reopenIncident(db: Db, deps: Deps, incidentId: string, agent: Agent, channel: Channel, status: 'triggered' | 'acknowledged' = 'triggered'): Promise<Incident> {
  let i = await transact(db, deps, incidentId, async (cur, now) => {
    const live = await withLivePolicy(db, cur);
    return tr.reopen(live, { agent, channel, now, onCall: await onCallFor(db, live.policy, now) }, timersOf(await loadService(db, cur.serviceId)), agent.type === 'user' ? [agent.id] : []);
  });
  if (status === 'acknowledged') i = await acknowledgeIncident(db, deps, incidentId, agent, channel);
  return i;
}

/** A log entry to append: a draft, its incident, and when (default: now). */
export interface LogEntryInput extends LogDraft {
  incidentId: string;
  at?: number;
}

/** Adds a log entry to an incident without changing it (e.g. notify_log_entry, a deduplicated event). */
export async function appendLogEntry(db: Db, deps: Deps, entry: LogEntryInput): Promise<LogEntry | null> {
  const i = await lockIncidentById(db, deps.dialect, entry.incidentId);
  if (!i) return null;
  const e = appendedEntry(deps, i, entry);
  await insertLogEntries(db, [e], i.version * 1000 + 999);
  return e;
}

/** The log entry `entry` adds to incident `i`, which it does not change. */
function appendedEntry(deps: Deps, i: Incident, entry: LogEntryInput): LogEntry {
  return {
    id: deps.ids.logEntryId(),
    type: entry.type,
    incidentId: i.id,
    serviceId: i.serviceId,
    teamIds: i.teamIds,
    agent: entry.agent,
    channel: entry.channel,
    summary: entry.summary,
    note: entry.note ?? null,
    details: entry.details,
    createdAt: entry.at ?? deps.clock.now(),
  };
}

/**
 * Log entries added without changing their incidents, as `appendLogEntry` adds them. An incident
 * this transaction wrote (an event-processor batch remembers it: store/tx-cache.ts) is locked and
 * known already, so its entry costs no round trip, and in a batch that defers (store/tx-defer.ts)
 * the entries are inserted with its other rows before the commit: notify's "could not reach" entry
 * for each incident a batch opens cost two round trips each.
 */
export async function appendLogEntries(db: Db, deps: Deps, entries: LogEntryInput[]): Promise<void> {
  const rows: Array<{ entry: LogEntry; seq: number }> = [];
  for (const entry of entries) {
    const i = await txRecall<Incident>(db, `incident:${entry.incidentId}`);
    if (!i) {
      await appendLogEntry(db, deps, entry);
      continue;
    }
    // As appendLogEntry: an entry without a change takes the incident's version · 1000 + 999.
    rows.push({ entry: appendedEntry(deps, i, entry), seq: i.version * 1000 + 999 });
  }
  if (rows.length && !txDefer(db, 'log_entries:append', rows, insertLogEntryRows)) await insertLogEntryRows(db, rows);
}

// ---- timer transitions (the engine calls these; a stale fence is a no-op) ----

/** Runs a due timer of `kind` on the incident, one by one (timer-batch.ts does a batch of them). */
function onTimer(db: Db, deps: Deps, kind: IncidentTimerKind, id: string, fence?: number): Promise<Incident> {
  return transact(db, deps, id, (i, now) => timerChange(db, kind, i, now, (p) => onCallFor(db, p, now)), fence);
}

/** Escalates to the next level (timeout) or the given one (manual). */
export async function escalateIncident(
  db: Db,
  deps: Deps,
  id: string,
  opts: { reason: 'timeout' | 'manual'; fence?: number; toLevel?: number; agent?: Agent | null; channel?: Channel },
): Promise<Incident> {
  return transact(db, deps, id, (i, now) => escalation(db, i, now, (p) => onCallFor(db, p, now), opts), opts.fence);
}

/** The acknowledgement timeout passed: back to triggered. */
export function unacknowledgeIncident(db: Db, deps: Deps, id: string, fence?: number): Promise<Incident> {
  return onTimer(db, deps, 'incident.unacknowledge', id, fence);
}

/** The service's auto-resolve timeout passed. */
export function autoResolveIncident(db: Db, deps: Deps, id: string, fence?: number): Promise<Incident> {
  return onTimer(db, deps, 'incident.auto_resolve', id, fence);
}

/** The snooze ended: back to triggered. */
export function unsnoozeIncident(db: Db, deps: Deps, id: string, fence?: number): Promise<Incident> {
  return onTimer(db, deps, 'incident.unsnooze', id, fence);
}

/** Raises (or sets) the urgency, e.g. the service's scheduled urgency change at support hours start. */
export async function changeIncidentUrgency(db: Db, deps: Deps, id: string, urgency: Urgency, agent: Agent | null, channel: Channel, fence?: number): Promise<Incident> {
  return transact(db, deps, id, (i, now) => (i.status === 'resolved' ? null : tr.update(i, { agent, channel, now }, { urgency })), fence);
}
