// Incident changes of an event-processor batch, applied in memory and written set-based: the
// touched incidents are read (and locked) in one query, the transitions are the same pure functions
// as one by one (transitions.ts), and a round's incidents, log entries, timers and service stamps
// are written with a constant number of statements. Then the round's `incident.event` hooks run,
// in order, on the batch's transaction, each seeing its incident as the change left it: an incident
// changes at most once per round (the caller flushes the round before a second change).
import { ConflictError, NotFoundError } from '../errors.js';
import { cancelTimersOfSubjects, scheduleTimers } from '../engine/index.js';
import type { HookEvents } from '../hooks.js';
import { touchLastIncidents } from '../services/index.js';
import type { Db } from '../store/db.js';
import { loadService, namesOf, onCallFor, timersOf, type Deps } from './apply.js';
import { openFields, type OpenIncidentInput } from './open.js';
import { desiredTimers, INCIDENT_TIMER_KINDS, type Agent, type Change, type Channel, type Incident, type LogDraft, type LogEntry, type OnCallMap } from './model.js';
import { findOpenIncidentsByKeys, insertIncidents, lockIncidentsByIds, reserveIncidentNumbers, updateIncidents } from './store.js';
import { insertLogEntryRows } from './log-store.js';
import { timerChange, type IncidentTimerKind } from './timer-changes.js';
import * as tr from './transitions.js';

const pairKey = (serviceId: string, key: string) => `${serviceId}\u0000${key}`;

interface Round {
  /** Ids of the incidents opened or changed in this round. */
  touched: Set<string>;
  created: Incident[];
  changed: Map<string, Incident>;
  logs: Array<{ entry: LogEntry; seq: number }>;
  hooks: Array<HookEvents['incident.event']>;
  openedOn: Set<string>;
}

const newRound = (): Round => ({ touched: new Set(), created: [], changed: new Map(), logs: [], hooks: [], openedOn: new Set() });

export class IncidentBatch {
  /** Every incident the batch has read or written, as it is now (pending changes included). */
  private known = new Map<string, Incident>();
  /** (service, incident key) → the open incident holding it, or null when none does. */
  private keys = new Map<string, string | null>();
  private onCall = new Map<string, Promise<OnCallMap | undefined>>();
  private round = newRound();

  constructor(
    private readonly db: Db,
    private readonly deps: Deps,
    private readonly at: number,
  ) {}

  /** Reads (and locks) the incidents not yet known, in one query. */
  async load(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.known.has(id));
    for (const i of await lockIncidentsByIds(this.db, this.deps.dialect, missing)) this.known.set(i.id, i);
  }

  /** Reads which open incidents hold the (service, key) pairs not yet known, in one query. */
  async loadKeys(pairs: Array<{ serviceId: string; key: string }>): Promise<void> {
    const missing = pairs.filter((p) => !this.keys.has(pairKey(p.serviceId, p.key)));
    for (const p of missing) this.keys.set(pairKey(p.serviceId, p.key), null);
    for (const i of await findOpenIncidentsByKeys(this.db, missing)) {
      this.keys.set(pairKey(i.serviceId, i.incidentKey!), i.id);
      if (!this.known.has(i.id)) this.known.set(i.id, i);
    }
  }

  get(id: string): Incident | undefined {
    return this.known.get(id);
  }

  /** Whether an open incident of the service holds the key (loadKeys first). */
  keyHeld(serviceId: string, key: string): boolean {
    return (this.keys.get(pairKey(serviceId, key)) ?? null) !== null;
  }

  /** Whether the incident already changed in this round (the caller must flush before changing it again). */
  busy(id: string): boolean {
    return this.round.touched.has(id);
  }

  /** Opens a triggered incident, as `openIncident` does (number, row, log entries, timers, hooks at flush). */
  async open(input: OpenIncidentInput): Promise<Incident> {
    const at = this.at;
    const { service, fields } = await openFields(this.db, input, this.deps.ids.id(), at);
    const change = tr.open(
      // Numbered when the round is written, in the order incidents were opened.
      { ...fields, number: 0 },
      { agent: input.agent, channel: input.channel, now: at, onCall: await this.onCallFor(fields.policy) },
    );
    const i = await this.record(null, change);
    this.round.openedOn.add(service.id);
    return i;
  }

  /** Acknowledges (a no-op when resolved, or acknowledged again by an integration). */
  async acknowledge(id: string, agent: Agent, channel: Channel): Promise<Incident> {
    const i = this.known.get(id)!;
    const change = tr.acknowledge(i, { agent, channel, now: this.at }, timersOf(await loadService(this.db, i.serviceId)));
    return change ? this.record(i, change) : i;
  }

  /** Resolves (a no-op when resolved). */
  async resolve(id: string, agent: Agent, channel: Channel): Promise<Incident> {
    const i = this.known.get(id)!;
    const change = tr.resolve(i, { agent, channel, now: this.at });
    return change ? this.record(i, change) : i;
  }

  /** A due timer of a loaded incident, as its one-by-one handler (timer-changes.ts): a stale fence is a no-op. */
  async timer(kind: IncidentTimerKind, id: string, fence: number): Promise<void> {
    const i = this.known.get(id);
    if (!i) throw new NotFoundError('Incident', id);
    if (i.version !== fence) return;
    const change = await timerChange(this.db, kind, i, this.at, (policy) => this.onCallFor(policy));
    if (change) await this.record(i, change);
  }

  /** A log entry without a change (a deduplicated trigger, one alert of several resolved), as `appendLogEntry`. */
  appendLog(id: string, draft: LogDraft): LogEntry | null {
    const i = this.known.get(id);
    if (!i) return null;
    const entry: LogEntry = {
      ...draft,
      id: this.deps.ids.logEntryId(),
      incidentId: i.id,
      serviceId: i.serviceId,
      teamIds: i.teamIds,
      note: draft.note ?? null,
      createdAt: this.at,
    };
    this.round.logs.push({ entry, seq: i.version * 1000 + 999 });
    return entry;
  }

  private onCallFor(policy: Incident['policy']): Promise<OnCallMap | undefined> {
    const key = policy?.id ?? '';
    let p = this.onCall.get(key);
    if (!p) {
      p = onCallFor(this.db, policy, this.at);
      this.onCall.set(key, p);
    }
    return p;
  }

  /** Keeps a change in memory, as apply.ts's `applyChange` would write it. */
  private async record(prev: Incident | null, change: Change): Promise<Incident> {
    const next = { ...change.next };
    const now = next.updatedAt;
    const entries: LogEntry[] = [];
    for (const l of change.logs) {
      const summary = l.summary.includes(tr.ASSIGNEES) ? l.summary.replace(tr.ASSIGNEES, await namesOf(this.db, (l.details?.assignees as string[]) ?? [])) : l.summary;
      entries.push({ ...l, summary, id: this.deps.ids.logEntryId(), incidentId: next.id, serviceId: next.serviceId, teamIds: next.teamIds, note: l.note ?? null, createdAt: now });
    }
    entries.forEach((entry, n) => this.round.logs.push({ entry, seq: next.version * 1000 + n }));
    if (prev === null) {
      next.firstTriggerLogEntryId = entries.find((e) => e.type === 'trigger_log_entry')?.id ?? null;
      this.round.created.push(next);
    } else {
      this.round.changed.set(next.id, next);
    }
    this.known.set(next.id, next);
    this.round.touched.add(next.id);
    if (next.incidentKey !== null) {
      const k = pairKey(next.serviceId, next.incidentKey);
      if (next.status === 'resolved') {
        if (this.keys.get(k) === next.id) this.keys.set(k, null);
      } else {
        this.keys.set(k, next.id);
      }
    }
    for (const e of change.events) {
      this.round.hooks.push({ incidentId: next.id, eventType: e.eventType, agent: e.agent, at: now, noteId: e.noteId, assigneeIds: e.assigneeIds });
    }
    return next;
  }

  /**
   * Writes the round: numbers of new incidents (one statement), changed incidents (one, fenced by
   * version), new incidents, log entries, timers (a delete and an upsert), service stamps.
   */
  async write(): Promise<void> {
    const { db } = this;
    const r = this.round;
    if (r.created.length) {
      const first = await reserveIncidentNumbers(db, r.created.length);
      r.created.forEach((i, n) => (i.number = first + n));
    }
    const changed = [...r.changed.values()];
    if (changed.length && (await updateIncidents(db, changed)) !== changed.length) {
      throw new ConflictError('Data Updated Since Last Request: an incident changed while this batch ran; try again.');
    }
    await insertIncidents(db, r.created);
    await insertLogEntryRows(db, r.logs);
    const cancels: Array<{ subjectId: string; kinds: Array<(typeof INCIDENT_TIMER_KINDS)[number]> }> = [];
    const wanted: Array<{ kind: (typeof INCIDENT_TIMER_KINDS)[number]; subjectId: string; dueAt: number; fence: number }> = [];
    for (const [existing, list] of [[true, changed], [false, r.created]] as const) {
      for (const i of list) {
        const want = desiredTimers(i);
        const cancel = INCIDENT_TIMER_KINDS.filter((k) => !want.some((w) => w.kind === k));
        if (existing && cancel.length) cancels.push({ subjectId: i.id, kinds: cancel });
        for (const w of want) wanted.push({ kind: w.kind, subjectId: i.id, dueAt: w.dueAt, fence: i.version });
      }
    }
    await cancelTimersOfSubjects(db, cancels);
    await scheduleTimers(db, wanted);
    await touchLastIncidents(db, [...r.openedOn], this.at);
    // The hooks are still to run (emit); what is written is not written again.
    this.round = { ...newRound(), hooks: r.hooks };
  }

  /** Runs the round's `incident.event` hooks in order (after `write`), then starts a new round. */
  async emit(): Promise<void> {
    const hooks = this.round.hooks;
    this.round.hooks = [];
    for (const h of hooks) await this.deps.hooks.emit(this.db, 'incident.event', h);
  }
}
