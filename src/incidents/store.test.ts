import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listTimersOfSubject } from '../engine/index.js';
import { findEscalationPolicyById } from '../escalation/index.js';
import { updateEscalationPolicy } from '../escalation/store.js';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { incidentStatuses, moveIncidentsOfIntegration } from './hooks.js';
import { acknowledgeIncident, escalateIncident, findIncidentById, listIncidentIdsOfService, openIncident, resolveIncident, unsnoozeIncident } from './index.js';
import { transact } from './apply.js';
import { InvalidInputError } from '../errors.js';
import { mapConstraintError } from '../store/constraint.js';
import { listIncidents, nextIncidentNumber } from './store.js';
import { listLogEntries } from './log-store.js';
import { makePolicy, makeService, makeUsers, testContext } from './test-fixtures.js';
import * as tr from './transitions.js';

forEachDialect((dialect) => {
  describe(`${dialect}: incidents store and hooks`, async () => {
    const database = await openTestDatabase(dialect);
    const ctx = testContext(database);
    // What src/reactions.ts wires for incidents.
    ctx.hooks.statusSources.push(incidentStatuses);
    ctx.hooks.on('integration.moved', (db, e) => moveIncidentsOfIntegration(db, ctx, e.integrationId, e.toServiceId));
    const db = ctx.db;
    const [u1, u2, u3] = await makeUsers(ctx, 3);
    const policyId = await makePolicy(ctx, [[u1], [u2]], { delays: [5, 5] });
    const svcA = await makeService(ctx, policyId);
    const svcB = await makeService(ctx, policyId);
    const agent = { type: 'integration' as const, id: 'PINTEG9' };
    const api = { type: 'api' };

    it('numbers incidents from one counter', async () => {
      const a = await nextIncidentNumber(db);
      const b = await nextIncidentNumber(db);
      assert.equal(b, a + 1);
    });

    it('refuses a second open incident with the same key on a service (unique index)', async () => {
      await openIncident(db, ctx, { serviceId: svcA, title: 'k', incidentKey: 'same', agent, channel: api });
      await assert.rejects(
        db.transaction().execute((tx) => openIncident(tx, ctx, { serviceId: svcA, title: 'k2', incidentKey: 'same', agent, channel: api })),
        (e: unknown) => /incidents_service_id_incident_key_key|incidents\.service_id, incidents\.incident_key/.test(String((e as Error).message) + String((e as { constraint?: string }).constraint)),
      );
      // Another service may use the key.
      await openIncident(db, ctx, { serviceId: svcB, title: 'k', incidentKey: 'same', agent, channel: api });
    });

    it('maps the duplicate-key violation to PagerDuty\'s 400 on both drivers', async () => {
      const err = await db
        .transaction()
        .execute((tx) => openIncident(tx, ctx, { serviceId: svcA, title: 'k3', incidentKey: 'same', agent, channel: api }))
        .catch((e: unknown) => e);
      const mapped = mapConstraintError(err);
      assert.ok(mapped instanceof InvalidInputError);
      assert.deepEqual(mapped.details, ['Open incident with matching dedup key already exists on this service']);
    });

    it('concurrent changes to one incident serialise: both acknowledgers recorded, versions consecutive', async () => {
      const i = await openIncident(db, ctx, { serviceId: svcA, title: 'race', agent, channel: api });
      const ack = (u: string) => db.transaction().execute((tx) => acknowledgeIncident(tx, ctx, i.id, { type: 'user', id: u }, api));
      await Promise.all([ack(u1), ack(u2), ack(u1)]);
      const after = (await findIncidentById(db, i.id))!;
      assert.equal(after.status, 'acknowledged');
      assert.deepEqual(after.acknowledgements.map((a) => a.agent.id).sort(), [u1, u2].sort());
      assert.equal(after.version, i.version + 2);
      const acks = (await listLogEntries(db, { incidentId: i.id }, { limit: 10, offset: 0 })).items.filter((l) => l.type === 'acknowledge_log_entry');
      assert.equal(acks.length, 2);
    });

    it('freezes the step in progress; a policy edit applies from the next step', async () => {
      const i = await openIncident(db, ctx, { serviceId: svcA, title: 'frozen', agent, channel: api });
      const p = (await findEscalationPolicyById(db, policyId))!;
      const edited = { ...p, rules: p.rules.map((r) => ({ ...r, escalationDelayInMinutes: 99, targets: [{ type: 'user_reference' as const, id: u3 }] })) };
      await updateEscalationPolicy(db, edited);
      const still = (await findIncidentById(db, i.id))!;
      assert.deepEqual(still.assignments.map((a) => a.userId), [u1]);
      assert.equal(still.escalateAt, i.escalateAt);
      assert.equal(still.policy!.rules[1].userIds[0], u2);
      const e = await escalateIncident(db, ctx, i.id, { reason: 'timeout', fence: i.version });
      assert.deepEqual(e.assignments.map((a) => a.userId), [u3]);
      assert.equal(e.escalateAt, ctx.clock.now() + 99 * 60_000);
      await updateEscalationPolicy(db, p);
    });

    it('reports critical while any incident is triggered, warning while only acknowledged ones are open', async () => {
      const svcC = await makeService(ctx, policyId);
      const i = await openIncident(db, ctx, { serviceId: svcC, title: 's', agent, channel: api });
      assert.equal((await incidentStatuses(db, [svcC])).get(svcC), 'critical');
      await acknowledgeIncident(db, ctx, i.id, agent, api);
      assert.equal((await incidentStatuses(db, [svcC])).get(svcC), 'warning');
      await resolveIncident(db, ctx, i.id, agent, api);
      assert.equal((await incidentStatuses(db, [svcC])).has(svcC), false);
    });

    it('moves incidents (open and resolved) with their integration, bumping the open ones and their timer fences', async () => {
      const open = await openIncident(db, ctx, { serviceId: svcA, title: 'moving', integrationId: 'PMOVE01', agent, channel: api });
      const done = await openIncident(db, ctx, { serviceId: svcA, title: 'moved too', integrationId: 'PMOVE01', agent, channel: api });
      await resolveIncident(db, ctx, done.id, agent, api);
      await ctx.hooks.emit(db, 'integration.moved', { integrationId: 'PMOVE01', fromServiceId: svcA, toServiceId: svcB });
      const moved = (await findIncidentById(db, open.id))!;
      assert.equal(moved.serviceId, svcB);
      assert.equal(moved.version, open.version + 1);
      assert.ok((await listTimersOfSubject(db, open.id)).every((t) => t.fence === moved.version));
      assert.equal((await findIncidentById(db, done.id))!.serviceId, svcB);
      const logs = await listLogEntries(db, { incidentId: open.id }, { limit: 5, offset: 0 });
      assert.ok(logs.items.every((l) => l.serviceId === svcB));
      assert.ok((await listIncidentIdsOfService(db, svcB, ['triggered'])).includes(open.id));
    });

    it('urgency follows support hours in the service time zone', async () => {
      const svcH = await makeService(ctx, policyId, {
        incidentUrgencyRule: { type: 'use_support_hours', during_support_hours: { type: 'constant', urgency: 'high' }, outside_support_hours: { type: 'constant', urgency: 'low' } },
        supportHours: { type: 'fixed_time_per_day', time_zone: 'America/New_York', days_of_week: [1, 2, 3, 4, 5], start_time: '09:00:00', end_time: '17:00:00' },
      });
      const inside = await openIncident(db, ctx, { serviceId: svcH, title: 'in', agent, channel: api, at: Date.parse('2026-03-09T13:30:00Z') });
      const outside = await openIncident(db, ctx, { serviceId: svcH, title: 'out', agent, channel: api, at: Date.parse('2026-03-09T21:30:00Z') });
      assert.equal(inside.urgency, 'high');
      assert.equal(outside.urgency, 'low');
    });

    it('a snooze ends through its fenced timer and re-triggers the incident', async () => {
      const i = await openIncident(db, ctx, { serviceId: svcA, title: 'snoozy', agent, channel: api });
      await acknowledgeIncident(db, ctx, i.id, { type: 'user', id: u1 }, api);
      const s = await transact(db, ctx, i.id, (cur, now) => tr.snooze(cur, { agent: { type: 'user', id: u1 }, channel: api, now }, 60, { acknowledgementTimeout: null, autoResolveTimeout: null }));
      assert.deepEqual((await listTimersOfSubject(db, i.id)).map((t) => [t.kind, t.fence]), [['incident.unsnooze', s.version]]);
      assert.equal((await unsnoozeIncident(db, ctx, i.id, s.version - 1)).status, 'acknowledged');
      assert.equal((await unsnoozeIncident(db, ctx, i.id, s.version)).status, 'triggered');
    });

    it('lists by status, service, urgency, user and team filters with a count', async () => {
      const r = await listIncidents(db, { serviceIds: [svcB], statuses: ['triggered', 'resolved'] }, { limit: 100, offset: 0 });
      assert.equal(r.count, r.items.length);
      assert.ok(r.items.every((i) => i.serviceId === svcB));
      const mine = await listIncidents(db, { userIds: [u1] }, { limit: 100, offset: 0 });
      assert.ok(mine.count > 0 && mine.items.every((i) => i.assignments.some((a) => a.userId === u1) && i.status !== 'resolved'));
      const none = await listIncidents(db, { teamIds: ['PTEAM99'] }, { limit: 100, offset: 0 });
      assert.equal(none.count, 0);
    });
  });
});
