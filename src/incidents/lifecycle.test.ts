import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listTimersOfSubject } from '../engine/index.js';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import {
  acknowledgeIncident,
  autoResolveIncident,
  escalateIncident,
  findIncidentById,
  findOpenIncidentByKey,
  openIncident,
  resolveIncident,
  unacknowledgeIncident,
} from './index.js';
import { listLogEntries } from './log-store.js';
import { makePolicy, makeService, makeUsers, testContext } from './test-fixtures.js';

forEachDialect((dialect) => {
  describe(`${dialect}: incident lifecycle`, async () => {
    const database = await openTestDatabase(dialect);
    const ctx = testContext(database);
    const db = ctx.db;
    const [u1, u2, u3] = await makeUsers(ctx, 3);
    const policyId = await makePolicy(ctx, [[u1], [u2, u3]], { numLoops: 1, delays: [10, 20] });
    const serviceId = await makeService(ctx, policyId, { acknowledgementTimeout: 600, autoResolveTimeout: 14400 });
    const events: string[] = [];
    ctx.hooks.on('incident.event', async (_db, e) => {
      events.push(e.eventType);
    });
    const api = { type: 'api' } as const;
    const svc = { type: 'service' as const, id: serviceId };
    const timers = async (id: string) => (await listTimersOfSubject(db, id)).map((t) => `${t.kind}@${(t.dueAt - ctx.clock.now()) / 60000}m#${t.fence}`).sort();

    it('opens a triggered incident assigned to level 1, with its log entries, timers and hook', async () => {
      const i = await openIncident(db, ctx, { serviceId, title: 'Disk full', incidentKey: 'disk', agent: svc, channel: api });
      assert.equal(i.status, 'triggered');
      assert.equal(i.urgency, 'high');
      assert.equal(i.number, 1);
      assert.deepEqual(i.assignments.map((a) => a.userId), [u1]);
      assert.equal(i.assignedVia, 'escalation_policy');
      assert.equal(i.version, 1);
      const logs = await listLogEntries(db, { incidentId: i.id }, { limit: 10, offset: 0 });
      assert.deepEqual(logs.items.map((l) => l.type).sort(), ['assign_log_entry', 'trigger_log_entry']);
      assert.equal(logs.items.find((l) => l.type === 'trigger_log_entry')!.summary, 'Triggered through the API');
      assert.equal(logs.items.find((l) => l.type === 'assign_log_entry')!.summary, `Assigned to User ${u1}.`);
      assert.equal(i.firstTriggerLogEntryId, logs.items.find((l) => l.type === 'trigger_log_entry')!.id);
      assert.deepEqual(await timers(i.id), ['incident.auto_resolve@240m#1', 'incident.escalate@10m#1']);
      assert.deepEqual(events, ['incident.triggered']);
      assert.equal((await findOpenIncidentByKey(db, serviceId, 'disk'))?.id, i.id);
    });

    it('acknowledges: escalation timer replaced by the ack timeout; a repeat by the same agent is a no-op', async () => {
      const i = (await findOpenIncidentByKey(db, serviceId, 'disk'))!;
      const a = await acknowledgeIncident(db, ctx, i.id, { type: 'user', id: u1 }, { type: 'website' });
      assert.equal(a.status, 'acknowledged');
      assert.equal(a.version, 2);
      assert.deepEqual(await timers(i.id), ['incident.auto_resolve@240m#2', 'incident.unacknowledge@10m#2']);
      const again = await acknowledgeIncident(db, ctx, i.id, { type: 'user', id: u1 }, { type: 'website' });
      assert.equal(again.version, 2);
    });

    it('the ack timeout re-triggers it; a stale fence does nothing', async () => {
      const i = (await findOpenIncidentByKey(db, serviceId, 'disk'))!;
      const stale = await unacknowledgeIncident(db, ctx, i.id, 1);
      assert.equal(stale.status, 'acknowledged');
      ctx.clock.advance('10m');
      const u = await unacknowledgeIncident(db, ctx, i.id, 2);
      assert.equal(u.status, 'triggered');
      assert.equal(u.acknowledgements.length, 0);
      assert.deepEqual(await timers(i.id), ['incident.auto_resolve@230m#3', 'incident.escalate@10m#3']);
    });

    it('escalates to the next rule, loops back num_loops times, then exhausts', async () => {
      const i = (await findOpenIncidentByKey(db, serviceId, 'disk'))!;
      let e = await escalateIncident(db, ctx, i.id, { reason: 'timeout', fence: i.version });
      assert.equal(e.escalationLevel, 2);
      assert.deepEqual(e.assignments.map((a) => a.userId), [u2, u3]);
      assert.ok((await timers(i.id)).includes(`incident.escalate@20m#${e.version}`));
      e = await escalateIncident(db, ctx, i.id, { reason: 'timeout', fence: e.version });
      assert.equal(e.escalationLevel, 1);
      assert.equal(e.loopsDone, 1);
      e = await escalateIncident(db, ctx, i.id, { reason: 'timeout', fence: e.version });
      assert.equal(e.escalationLevel, 2);
      e = await escalateIncident(db, ctx, i.id, { reason: 'timeout', fence: e.version });
      assert.equal(e.escalationLevel, 2);
      assert.equal(e.escalateAt, null);
      assert.ok(!(await timers(i.id)).some((t) => t.startsWith('incident.escalate')));
      const types = (await listLogEntries(db, { incidentId: i.id }, { limit: 50, offset: 0 })).items.map((l) => l.type);
      assert.ok(types.includes('repeat_escalation_path_log_entry'));
      assert.equal(types[0], 'exhaust_escalation_path_log_entry');
    });

    it('resolves, cancels all timers, and frees the incident key', async () => {
      const i = (await findOpenIncidentByKey(db, serviceId, 'disk'))!;
      const r = await resolveIncident(db, ctx, i.id, svc, api, { resolution: 'cleaned up' });
      assert.equal(r.status, 'resolved');
      assert.deepEqual(r.assignments, []);
      assert.deepEqual(await timers(i.id), []);
      assert.equal(await findOpenIncidentByKey(db, serviceId, 'disk'), null);
      const again = await resolveIncident(db, ctx, i.id, svc, api);
      assert.equal(again.version, r.version);
      const next = await openIncident(db, ctx, { serviceId, title: 'Disk full again', incidentKey: 'disk', agent: svc, channel: api });
      assert.equal(next.number, 2);
      const resolveLog = (await listLogEntries(db, { incidentId: i.id }, { limit: 1, offset: 0 })).items[0];
      assert.equal(resolveLog.type, 'resolve_log_entry');
      assert.equal(resolveLog.note, 'cleaned up');
    });

    it('auto-resolves when its timer fires with a current fence', async () => {
      const i = await openIncident(db, ctx, { serviceId, title: 'Flappy', agent: svc, channel: api });
      ctx.clock.advance('4h');
      const r = await autoResolveIncident(db, ctx, i.id, i.version);
      assert.equal(r.status, 'resolved');
      assert.deepEqual(r.lastStatusChangeBy, { type: 'service', id: serviceId });
    });

    it('low urgency never escalates; severity-based services pick urgency from severity', async () => {
      const sb = await makeService(ctx, policyId, { incidentUrgencyRule: { type: 'constant', urgency: 'severity_based' } });
      const low = await openIncident(db, ctx, { serviceId: sb, title: 'warn', severity: 'warning', agent: svc, channel: api });
      const high = await openIncident(db, ctx, { serviceId: sb, title: 'crit', severity: 'critical', agent: svc, channel: api });
      assert.equal(low.urgency, 'low');
      assert.equal(high.urgency, 'high');
      assert.deepEqual(await timers(low.id), []);
      const e = await escalateIncident(db, ctx, low.id, { reason: 'timeout', fence: low.version });
      assert.equal(e.version, low.version);
      assert.equal((await findIncidentById(db, low.id))!.escalationLevel, 1);
    });
  });
});
