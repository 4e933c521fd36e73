import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../errors.js';
import { desiredTimers, pendingActions, type Incident, type PolicySnapshot } from './model.js';
import * as tr from './transitions.js';

function throwsDetail(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof DomainError && re.test(e.details.join(' ')));
}

const T0 = Date.parse('2026-03-01T12:00:00Z');
const MIN = 60_000;
const policy: PolicySnapshot = {
  id: 'PPOL001',
  name: 'Ops',
  numLoops: 1,
  rules: [
    { id: 'R1', delayMinutes: 10, userIds: ['PU1'], scheduleIds: [] },
    { id: 'R2', delayMinutes: 20, userIds: ['PU2', 'PU3'], scheduleIds: [] },
  ],
};
const svc = { type: 'service' as const, id: 'PSVC001' };
const user = { type: 'user' as const, id: 'PU9' };
const api = { type: 'api' };
const act = (now = T0, agent: typeof svc | typeof user | null = svc) => ({ agent, channel: api, now });
const timers = { acknowledgementTimeout: 600, autoResolveTimeout: 3600 };

function opened(over: Partial<Parameters<typeof tr.open>[0]> = {}): Incident {
  return tr.open(
    { id: 'PINC001', number: 7, title: 'Down', urgency: 'high', incidentKey: 'k', serviceId: 'PSVC001', integrationId: null, teamIds: [], body: null, origin: 'events', policy, timers, ...over },
    act(),
  ).next;
}

describe('transitions', () => {
  it('open: triggered, level 1 assignees, escalate and auto-resolve due, two log entries', () => {
    const c = tr.open(
      { id: 'PINC001', number: 7, title: 'Down', urgency: 'high', incidentKey: null, serviceId: 'PSVC001', integrationId: null, teamIds: [], body: null, origin: 'events', policy, timers },
      act(),
    );
    assert.equal(c.next.status, 'triggered');
    assert.deepEqual(c.next.assignments, [{ userId: 'PU1', at: T0 }]);
    assert.equal(c.next.escalateAt, T0 + 10 * MIN);
    assert.equal(c.next.autoResolveAt, T0 + 60 * MIN);
    assert.deepEqual(c.logs.map((l) => l.type), ['trigger_log_entry', 'assign_log_entry']);
    assert.deepEqual(c.events.map((e) => e.eventType), ['incident.triggered']);
    assert.deepEqual(desiredTimers(c.next).map((t) => t.kind), ['incident.escalate', 'incident.auto_resolve']);
  });

  it('open: low urgency and direct assignment never schedule escalation', () => {
    assert.equal(opened({ urgency: 'low' }).escalateAt, null);
    const d = opened({ assignTo: ['PU7', 'PU7'] });
    assert.equal(d.assignedVia, 'direct_assignment');
    assert.deepEqual(d.assignments.map((a) => a.userId), ['PU7']);
    assert.equal(d.escalateAt, null);
  });

  // [name, from-state builder, transition, expected status or null (no-op)]
  const table: Array<[string, () => Incident, (i: Incident) => ReturnType<typeof tr.acknowledge>, string | null]> = [
    ['ack triggered', () => opened(), (i) => tr.acknowledge(i, act(T0, user), timers), 'acknowledged'],
    ['ack resolved is a no-op', () => tr.resolve(opened(), act())!.next, (i) => tr.acknowledge(i, act(), timers), null],
    ['ack by the same user again is a no-op', () => tr.acknowledge(opened(), act(T0, user), timers)!.next, (i) => tr.acknowledge(i, act(T0, user), timers), null],
    ['ack by a service of an acknowledged incident is a no-op', () => tr.acknowledge(opened(), act(T0, user), timers)!.next, (i) => tr.acknowledge(i, act(), timers), null],
    ['resolve triggered', () => opened(), (i) => tr.resolve(i, act()), 'resolved'],
    ['resolve acknowledged', () => tr.acknowledge(opened(), act(), timers)!.next, (i) => tr.resolve(i, act()), 'resolved'],
    ['resolve resolved is a no-op', () => tr.resolve(opened(), act())!.next, (i) => tr.resolve(i, act()), null],
    ['unacknowledge acknowledged', () => tr.acknowledge(opened(), act(), timers)!.next, (i) => tr.unacknowledge(i, act()), 'triggered'],
    ['unacknowledge triggered is a no-op', () => opened(), (i) => tr.unacknowledge(i, act()), null],
    ['re-trigger acknowledged', () => tr.acknowledge(opened(), act(), timers)!.next, (i) => tr.retrigger(i, act(T0, user)), 'triggered'],
    ['reopen resolved', () => tr.resolve(opened(), act())!.next, (i) => tr.reopen(i, act(), timers, []), 'triggered'],
    ['reopen open is a no-op', () => opened(), (i) => tr.reopen(i, act(), timers, []), null],
    ['unsnooze without a snooze is a no-op', () => tr.acknowledge(opened(), act(), timers)!.next, (i) => tr.unsnooze(i, act()), null],
    ['escalate acknowledged on timeout is a no-op', () => tr.acknowledge(opened(), act(), timers)!.next, (i) => tr.escalate(i, act(), { reason: 'timeout' }), null],
    ['escalate low urgency on timeout is a no-op', () => opened({ urgency: 'low' }), (i) => tr.escalate(i, act(), { reason: 'timeout' }), null],
    ['escalate direct assignment on timeout is a no-op', () => opened({ assignTo: ['PU7'] }), (i) => tr.escalate(i, act(), { reason: 'timeout' }), null],
    ['manual escalate acknowledged re-triggers', () => tr.acknowledge(opened(), act(), timers)!.next, (i) => tr.escalate(i, act(), { reason: 'manual', toLevel: 2 }), 'triggered'],
  ];
  for (const [name, from, step, want] of table) {
    it(name, () => {
      const before = from();
      const c = step(before);
      if (want === null) {
        assert.equal(c, null);
        return;
      }
      assert.ok(c);
      assert.equal(c.next.status, want);
      assert.equal(c.next.version, before.version + 1);
    });
  }

  it('acknowledge swaps the escalation for the ack timeout; unacknowledge restores escalation at the same level', () => {
    const a = tr.acknowledge(opened(), act(T0 + MIN), timers)!.next;
    assert.equal(a.escalateAt, null);
    assert.equal(a.unacknowledgeAt, T0 + MIN + 600_000);
    assert.deepEqual(pendingActions(a).map((p) => p.type), ['unacknowledge', 'resolve']);
    const u = tr.unacknowledge(a, act(T0 + 11 * MIN))!.next;
    assert.equal(u.escalateAt, T0 + 21 * MIN);
    assert.equal(u.unacknowledgeAt, null);
  });

  it('the ack timeout and a snooze end restart escalation at level 1; a person re-triggering keeps the level', () => {
    const atTwo = tr.escalate(opened(), act(), { reason: 'timeout' })!.next;
    const acked = tr.acknowledge(atTwo, act(T0, user), timers)!.next;
    const timedOut = tr.unacknowledge(acked, act(T0 + MIN), undefined, { restart: true })!;
    assert.equal(timedOut.next.escalationLevel, 1);
    assert.deepEqual(timedOut.next.assignments.map((a) => a.userId), ['PU1']);
    assert.equal(timedOut.next.escalateAt, T0 + 11 * MIN);
    assert.deepEqual(timedOut.logs.map((l) => l.type), ['unacknowledge_log_entry', 'assign_log_entry']);
    const snoozed = tr.snooze(acked, act(), 60, timers).next;
    assert.equal(tr.unsnooze(snoozed, act(T0 + MIN))!.next.escalationLevel, 1);
    const byHand = tr.retrigger(acked, act(T0, user))!.next;
    assert.equal(byHand.escalationLevel, 2);
    assert.deepEqual(byHand.assignments.map((a) => a.userId), ['PU2', 'PU3']);
  });

  it('escalation walks the rules, loops num_loops times, then is exhausted', () => {
    let i = opened();
    const seen: Array<[number, number, string]> = [];
    for (let k = 0; k < 4; k++) {
      const c = tr.escalate(i, act(), { reason: 'timeout' })!;
      i = c.next;
      seen.push([i.escalationLevel, i.loopsDone, c.logs.map((l) => l.type).join('+')]);
    }
    assert.deepEqual(seen, [
      [2, 0, 'escalate_log_entry'],
      [1, 1, 'repeat_escalation_path_log_entry+escalate_log_entry'],
      [2, 1, 'escalate_log_entry'],
      [2, 1, 'exhaust_escalation_path_log_entry'],
    ]);
    assert.equal(i.escalateAt, null);
  });

  it('manual escalation checks the level and refuses low urgency', () => {
    throwsDetail(() => tr.escalate(opened(), act(), { reason: 'manual', toLevel: 3 }), /escalation_level must be from 1 to 2/);
    throwsDetail(() => tr.escalate(opened({ urgency: 'low' }), act(), { reason: 'manual', toLevel: 2 }), /low-urgency/);
  });

  it('snooze needs an acknowledged incident and 1..604800 seconds, and resets auto-resolve', () => {
    throwsDetail(() => tr.snooze(opened(), act(), 60, timers), /not Acknowledged/);
    const a = tr.acknowledge(opened(), act(), timers)!.next;
    throwsDetail(() => tr.snooze(a, act(), 0, timers), /Snooze Duration/);
    throwsDetail(() => tr.snooze(a, act(), 604_801, timers), /Snooze Duration/);
    const s = tr.snooze(a, act(T0 + 5 * MIN), 300, timers).next;
    assert.equal(s.snoozedUntil, T0 + 10 * MIN);
    assert.equal(s.unacknowledgeAt, null);
    assert.equal(s.autoResolveAt, T0 + 65 * MIN);
    const back = tr.unsnooze(s, act(T0 + 10 * MIN))!.next;
    assert.equal(back.status, 'triggered');
    assert.equal(back.snoozedUntil, null);
  });

  it('reassign to users is direct and re-triggers; to a policy starts at its level 1', () => {
    const a = tr.acknowledge(opened(), act(), timers)!.next;
    const d = tr.reassign(a, act(), { userIds: ['PU5'] }).next;
    assert.equal(d.status, 'triggered');
    assert.equal(d.assignedVia, 'direct_assignment');
    assert.equal(d.escalateAt, null);
    const other: PolicySnapshot = { ...policy, id: 'PPOL002', rules: [{ id: 'X', delayMinutes: 5, userIds: ['PU8'], scheduleIds: [] }] };
    const p = tr.reassign(d, act(), { policy: other }).next;
    assert.equal(p.escalationPolicyId, 'PPOL002');
    assert.deepEqual(p.assignments.map((x) => x.userId), ['PU8']);
    assert.equal(p.escalateAt, T0 + 5 * MIN);
    throwsDetail(() => tr.reassign(tr.resolve(p, act())!.next, act(), { userIds: ['PU5'] }), /resolved/);
  });

  it('urgency change: high → low stops escalation, low → high starts it', () => {
    const low = tr.update(opened(), act(), { urgency: 'low' })!;
    assert.equal(low.next.escalateAt, null);
    assert.equal(low.logs[0].type, 'urgency_change_log_entry');
    const high = tr.update(low.next, act(T0 + MIN), { urgency: 'high' })!;
    assert.equal(high.next.escalateAt, T0 + 11 * MIN);
    assert.equal(tr.update(opened(), act(), { title: 'Down' }), null);
  });

  it('merge resolves the source with the merge reason; resolve clears assignments and timers', () => {
    const target = opened({ id: 'PINC002' });
    const c = tr.mergeInto(opened(), target, act());
    assert.deepEqual(c.next.resolveReason, { type: 'merge_resolve_reason', incidentId: 'PINC002' });
    assert.deepEqual(c.next.assignments, []);
    assert.deepEqual(desiredTimers(c.next), []);
    throwsDetail(() => tr.mergeInto(target, target, act()), /itself/);
  });
});
