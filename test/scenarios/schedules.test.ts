// Escalation to on-call schedules over time: whoever is on call when the incident reaches a level is
// assigned, handoffs between escalations, overrides, a schedule with nobody on call (the incident
// goes on to the next level and the log says so), and the ack timeout looking the schedule up again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL } from '../../src/testing/app.js';
import { buildSchedule, buildUser } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { assignees, createIncident, fastForward, getIncident, makeService, MIN, updateIncident } from './helpers.js';

const at = (s: string) => Date.parse(s);

forEachDialect((dialect) => {
  describe(`${dialect}: escalation to schedules`, async () => {
    const t = await buildTestApp(dialect);
    const alice = await buildUser(t, { name: 'Alice' });
    const bob = await buildUser(t, { name: 'Bob' });
    const carol = await buildUser(t, { name: 'Carol' });
    // Hourly turns from Jan 1 00:00 UTC: Alice on even hours, Bob on odd hours.
    const hourly = await buildSchedule(t, { layers: [[alice.id, bob.id]], name: 'Hourly', start: '2026-01-01T00:00:00Z', turnSeconds: 3600 });

    async function policy(name: string, rules: Array<Array<{ id: string; type: string }>>, numLoops = 0): Promise<string> {
      const res = await t.request(
        'POST',
        '/escalation_policies',
        { escalation_policy: { type: 'escalation_policy', name, num_loops: numLoops, escalation_rules: rules.map((targets) => ({ escalation_delay_in_minutes: 30, targets })) } },
        { headers: { from: OWNER_EMAIL } },
      );
      assert.equal(res.statusCode, 201, res.body);
      return res.json().escalation_policy.id;
    }
    const sched = (id: string) => ({ id, type: 'schedule_reference' });
    const user = (id: string) => ({ id, type: 'user_reference' });
    async function summaries(id: string): Promise<string[]> {
      const res = await t.request('GET', `/incidents/${id}/log_entries?limit=100`);
      return (res.json().log_entries as Array<{ summary: string; created_at: string }>).sort((a, b) => a.created_at.localeCompare(b.created_at)).map((e) => e.summary);
    }

    it('assigns whoever is on call at each level, and the loop back picks the new on-call after a handoff', async () => {
      t.clock.set(at('2026-01-06T10:00:00Z'));
      const ep = await policy('Hourly first', [[sched(hourly.id)], [user(carol.id)]], 1);
      const svc = await makeService(t, ep);
      const i = await createIncident(t, svc.id);
      assert.deepEqual(assignees(i), [alice.id]);
      await fastForward(t, 30 * MIN);
      assert.deepEqual(assignees(await getIncident(t, i.id)), [carol.id]);
      // 11:00: the loop returns to level 1, where Bob took over at 11:00.
      await fastForward(t, 30 * MIN);
      const cur = await getIncident(t, i.id);
      assert.deepEqual(assignees(cur), [bob.id]);
      const log = await summaries(i.id);
      assert.ok(log.includes('Escalated to level 1, assigned to Bob.'), log.join('\n'));
    });

    it('follows an override on the schedule', async () => {
      t.clock.set(at('2026-01-07T10:00:00Z'));
      const o = await t.request('POST', `/schedules/${hourly.id}/overrides`, { override: { start: '2026-01-07T10:00:00Z', end: '2026-01-07T10:45:00Z', user: user(carol.id) } });
      assert.equal(o.statusCode, 201, o.body);
      const ep = await policy('Hourly override', [[sched(hourly.id)], [user(bob.id)]]);
      const svc = await makeService(t, ep);
      const i = await createIncident(t, svc.id);
      assert.deepEqual(assignees(i), [carol.id]);
    });

    it('goes on to the next level at once when nobody is on call, and the log names the schedule', async () => {
      t.clock.set(at('2026-01-08T12:00:00Z'));
      const nights = await t.request('POST', '/schedules', {
        schedule: {
          type: 'schedule',
          name: 'Nights',
          time_zone: 'UTC',
          schedule_layers: [
            {
              start: '2026-01-01T00:00:00Z',
              rotation_virtual_start: '2026-01-01T22:00:00Z',
              rotation_turn_length_seconds: 86_400,
              users: [{ user: user(alice.id) }],
              restrictions: [{ type: 'daily_restriction', start_time_of_day: '22:00:00', duration_seconds: 8 * 3600 }],
            },
          ],
        },
      });
      assert.equal(nights.statusCode, 201, nights.body);
      const nightsId = nights.json().schedule.id;
      const ep = await policy('Nights first', [[sched(nightsId)], [user(carol.id)]]);
      const svc = await makeService(t, ep);
      const i = await createIncident(t, svc.id);
      assert.deepEqual(assignees(i), [carol.id]);
      assert.ok((await summaries(i.id)).includes('Assigned to Carol. Nobody was on call on schedule "Nights" at level 1.'));

      // A policy with only the empty schedule: the incident stays at level 1 unassigned, says so,
      // and looks again each time it escalates (21:50 still nobody; 22:20 Alice, whose night began at 22:00).
      const only = await policy('Nights only', [[sched(nightsId)]], 30);
      const svc2 = await makeService(t, only);
      t.clock.set(at('2026-01-08T21:20:00Z'));
      const j = await createIncident(t, svc2.id);
      assert.deepEqual(assignees(j), []);
      assert.ok((await summaries(j.id)).includes('Assigned to nobody. Nobody was on call on schedule "Nights" at level 1.'));
      await fastForward(t, 60 * MIN);
      assert.deepEqual(assignees(await getIncident(t, j.id)), [alice.id]);
    });

    it('the acknowledgement timeout re-triggers to whoever is on call then', async () => {
      t.clock.set(at('2026-01-09T10:10:00Z'));
      const ep = await policy('Hourly ack', [[sched(hourly.id)]]);
      const svc = await makeService(t, ep, { acknowledgement_timeout: 3600, auto_resolve_timeout: null });
      const i = await createIncident(t, svc.id);
      assert.deepEqual(assignees(i), [alice.id]);
      await updateIncident(t, i.id, { status: 'acknowledged' });
      await fastForward(t, 60 * MIN);
      const cur = await getIncident(t, i.id);
      assert.equal(cur.status, 'triggered');
      assert.deepEqual(assignees(cur), [bob.id]);
    });

    it('reassigning to a policy resolves its schedule at that moment', async () => {
      t.clock.set(at('2026-01-10T11:15:00Z'));
      const direct = await policy('Direct', [[user(carol.id)]]);
      const viaSchedule = await policy('Hourly reassign', [[sched(hourly.id)]]);
      const svc = await makeService(t, direct);
      const i = await createIncident(t, svc.id);
      const cur = await updateIncident(t, i.id, { escalation_policy: { id: viaSchedule, type: 'escalation_policy_reference' } });
      assert.deepEqual(assignees(cur), [bob.id]);
    });
  });
});
