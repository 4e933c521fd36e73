// Deleting a user as PagerDuty does (issue 14): taken out of escalation policies and schedules,
// refused (400, code 2001) only while incidents are assigned to them. The past of a schedule stays.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../src/testing/app.js';
import { buildEscalationPolicy, buildSchedule, buildUser } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { createIncident, makeService, updateIncident } from './helpers.js';

type Json = any;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const H = 3_600_000;

forEachDialect((dialect) => {
  describe(`${dialect}: deleting a user`, async () => {
    const t = await buildTestApp(dialect);
    const alice = await buildUser(t, { name: 'Alice' });

    it('takes them out of every escalation rule, dropping a rule left with no target', async () => {
      const carol = await buildUser(t, { name: 'Carol' });
      const shared = await buildEscalationPolicy(t, { name: 'Shared', rules: [[carol.id], [alice.id, carol.id]] });
      const only = await buildEscalationPolicy(t, { name: 'Only Carol', rules: [[carol.id]] });
      const del = await t.request('DELETE', `/users/${carol.id}`);
      assert.equal(del.statusCode, 204, del.body);
      const rules = (await t.request('GET', `/escalation_policies/${shared.id}`)).json().escalation_policy.escalation_rules;
      assert.deepEqual(rules.map((r: Json) => [r.id, r.targets.map((x: Json) => x.id)]), [[shared.ruleIds[1], [alice.id]]]);
      assert.deepEqual((await t.request('GET', `/escalation_policies/${only.id}`)).json().escalation_policy.escalation_rules, []);
      const byUser = (await t.request('GET', `/escalation_policies?user_ids[]=${carol.id}`)).json();
      assert.deepEqual(byUser.escalation_policies, []);
      assert.equal((await t.request('GET', `/users/${carol.id}`)).statusCode, 404);
    });

    it('takes them off schedules from now on, keeping who was on call before', async () => {
      const carol = await buildUser(t, { name: 'Carol' });
      const now = t.clock.now();
      const s = await buildSchedule(t, { name: 'Carol and Alice', layers: [[carol.id, alice.id], [carol.id]], start: iso(now - 48 * H) });
      const later = await buildSchedule(t, { name: 'Later', layers: [[alice.id, carol.id]], start: iso(now + 24 * H) });
      const ov = (start: number, end: number) => ({ override: { start: iso(start), end: iso(end), user: { id: carol.id, type: 'user_reference' } } });
      const made = await t.request('POST', `/schedules/${later.id}/overrides`, { overrides: [ov(now - H, now + H).override, ov(now + 5 * H, now + 6 * H).override] });
      assert.equal(made.statusCode, 201, made.body);
      const before = (await t.request('GET', `/schedules/${s.id}?since=${iso(now - 48 * H)}&until=${iso(now)}`)).json().schedule;

      assert.equal((await t.request('DELETE', `/users/${carol.id}`)).statusCode, 204);

      const past = (await t.request('GET', `/schedules/${s.id}?since=${iso(now - 48 * H)}&until=${iso(now)}`)).json().schedule;
      assert.deepEqual(past.final_schedule.rendered_schedule_entries, before.final_schedule.rendered_schedule_entries, 'the past is kept');
      assert.ok(past.final_schedule.rendered_schedule_entries.some((e: Json) => e.user.id === carol.id));
      const next = (await t.request('GET', `/schedules/${s.id}?since=${iso(now)}&until=${iso(now + 96 * H)}`)).json().schedule;
      assert.deepEqual([...new Set(next.final_schedule.rendered_schedule_entries.map((e: Json) => e.user.id))], [alice.id]);
      // Layers listed highest first: Carol's own layer ended now; the shared one ended and continues without her.
      const layers = next.schedule_layers.map((l: Json) => [l.end && Date.parse(l.end), l.users.map((u: Json) => u.user.id)]);
      assert.deepEqual(layers, [[now, [carol.id]], [null, [alice.id]], [now, [carol.id, alice.id]]]);
      const future = (await t.request('GET', `/schedules/${later.id}`)).json().schedule;
      assert.deepEqual(future.schedule_layers.map((l: Json) => l.users.map((u: Json) => u.user.id)), [[alice.id]]);
      const overrides = (await t.request('GET', `/schedules/${later.id}/overrides?since=${iso(now - 2 * H)}&until=${iso(now + 10 * H)}`)).json().overrides;
      assert.deepEqual(overrides.map((o: Json) => [Date.parse(o.start), Date.parse(o.end)]), [[now - H, now]], 'the override in progress ends now, the future one is gone');
    });

    it('is refused while an incident is assigned to them, and nothing changes', async () => {
      const carol = await buildUser(t, { name: 'Carol' });
      const policy = await buildEscalationPolicy(t, { name: 'Carol first', rules: [[carol.id], [alice.id]] });
      const svc = await makeService(t, policy.id);
      const incident = await createIncident(t, svc.id, { assignments: [{ assignee: { id: carol.id, type: 'user_reference' } }] });
      const refused = await t.request('DELETE', `/users/${carol.id}`);
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(refused.json().error.code, 2001);
      assert.match(refused.json().error.errors.join(' '), /assigned 1 open incident/);
      const rules = (await t.request('GET', `/escalation_policies/${policy.id}`)).json().escalation_policy.escalation_rules;
      assert.equal(rules.length, 2, 'the policy is untouched');
      await updateIncident(t, incident.id, { status: 'resolved' });
      assert.equal((await t.request('DELETE', `/users/${carol.id}`)).statusCode, 204);
    });
  });
});
