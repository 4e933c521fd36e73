import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildSchedule, buildUser } from '../testing/builders.js';

type Oncall = { escalation_policy: { id: string }; user: { id: string; type: string }; schedule: { id: string } | null; escalation_level: number; start: string | null; end: string | null };

forEachDialect((dialect) => {
  describe(`${dialect}: GET /oncalls`, async () => {
    const t = await buildTestApp(dialect);
    const alice = await buildUser(t, { name: 'Alice' });
    const bob = await buildUser(t, { name: 'Bob' });
    const carol = await buildUser(t, { name: 'Carol' });
    // Daily turns from 2026-01-05 09:00 UTC: Alice, Bob, Alice, … (the clock is 2026-01-05 10:00 UTC).
    const s = await buildSchedule(t, { layers: [[alice.id, bob.id]], name: 'Daily' });
    const policy = async (name: string, rules: Array<Array<{ id: string; type: string }>>) => {
      const res = await t.request(
        'POST',
        '/escalation_policies',
        { escalation_policy: { type: 'escalation_policy', name, escalation_rules: rules.map((targets) => ({ escalation_delay_in_minutes: 30, targets })) } },
        { headers: { from: OWNER_EMAIL } },
      );
      assert.equal(res.statusCode, 201, res.body);
      return res.json().escalation_policy.id as string;
    };
    const p1 = await policy('A first', [[{ id: s.id, type: 'schedule_reference' }], [{ id: carol.id, type: 'user_reference' }]]);
    const p2 = await policy('B second', [[{ id: s.id, type: 'schedule_reference' }, { id: carol.id, type: 'user_reference' }]]);
    const rows = (list: Oncall[]) => list.map((o) => [o.escalation_policy.id, o.escalation_level, o.user.id, o.schedule?.id ?? null, o.start, o.end]);
    const get = async (q: string) => {
      const res = await t.request('GET', `/oncalls${q}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { oncalls: Oncall[]; limit: number; offset: number; more: boolean; total: number | null };
    };

    it('lists who is on call now: schedule spans whole, user targets with null start/end', async () => {
      const body = await get('?total=true');
      assert.deepEqual(rows(body.oncalls), [
        [p1, 1, alice.id, s.id, '2026-01-05T09:00:00.000Z', '2026-01-06T09:00:00.000Z'],
        [p1, 2, carol.id, null, null, null],
        [p2, 1, carol.id, null, null, null],
        [p2, 1, alice.id, s.id, '2026-01-05T09:00:00.000Z', '2026-01-06T09:00:00.000Z'],
      ]);
      assert.deepEqual({ ...body, oncalls: undefined }, { oncalls: undefined, limit: 25, offset: 0, more: false, total: 4 });
      const o = body.oncalls[0] as Oncall & Record<string, unknown>;
      assert.deepEqual(Object.keys(o).sort(), ['end', 'escalation_level', 'escalation_policy', 'schedule', 'start', 'user']);
      assert.deepEqual(o.schedule, { id: s.id, type: 'schedule_reference', summary: 'Daily', self: `http://tocsin.test/schedules/${s.id}`, html_url: `http://tocsin.test/ui/schedules/${s.id}` });
      assert.equal(o.user.type, 'user_reference');
    });

    it('filters by user, policy and schedule (null keeps the permanent on-calls), and pages', async () => {
      assert.deepEqual(rows((await get(`?user_ids[]=${carol.id}`)).oncalls).map((r) => r[0]), [p1, p2]);
      assert.deepEqual(rows((await get(`?escalation_policy_ids[]=${p2}`)).oncalls).map((r) => r[2]), [carol.id, alice.id]);
      assert.deepEqual(rows((await get(`?schedule_ids[]=${s.id}`)).oncalls).map((r) => [r[0], r[2]]), [[p1, alice.id], [p2, alice.id]]);
      assert.deepEqual(rows((await get(`?schedule_ids[]=null`)).oncalls).map((r) => [r[0], r[2]]), [[p1, carol.id], [p2, carol.id]]);
      const page = await get('?limit=1&offset=1');
      assert.deepEqual([rows(page.oncalls)[0][2], page.more, page.total], [carol.id, true, null]);
    });

    it('covers since/until (each span that overlaps), earliest per (policy, level, user), and time_zone', async () => {
      const week = await get(`?escalation_policy_ids[]=${p1}&schedule_ids[]=${s.id}&since=2026-01-05T10:00:00Z&until=2026-01-07T10:00:00Z`);
      assert.deepEqual(rows(week.oncalls).map((r) => [r[2], r[4]]), [
        [alice.id, '2026-01-05T09:00:00.000Z'],
        [bob.id, '2026-01-06T09:00:00.000Z'],
        [alice.id, '2026-01-07T09:00:00.000Z'],
      ]);
      const earliest = await get(`?escalation_policy_ids[]=${p1}&schedule_ids[]=${s.id}&since=2026-01-05T10:00:00Z&until=2026-01-07T10:00:00Z&earliest=true`);
      assert.deepEqual(rows(earliest.oncalls).map((r) => [r[2], r[4]]), [
        [alice.id, '2026-01-05T09:00:00.000Z'],
        [bob.id, '2026-01-06T09:00:00.000Z'],
      ]);
      const ny = await get(`?escalation_policy_ids[]=${p1}&schedule_ids[]=${s.id}&time_zone=America/New_York`);
      assert.deepEqual(rows(ny.oncalls).map((r) => [r[4], r[5]]), [['2026-01-05T04:00:00-05:00', '2026-01-06T04:00:00-05:00']]);
    });

    it('includes full users, schedules and escalation policies when asked', async () => {
      const body = await get(`?escalation_policy_ids[]=${p1}&include[]=users&include[]=schedules&include[]=escalation_policies`);
      const o = body.oncalls[0] as unknown as { user: Record<string, unknown>; schedule: Record<string, unknown>; escalation_policy: Record<string, unknown> };
      assert.equal(o.user.type, 'user');
      assert.equal(o.user.email, alice.email);
      assert.equal(o.schedule.type, 'schedule');
      assert.equal(o.schedule.time_zone, 'UTC');
      assert.equal(o.escalation_policy.type, 'escalation_policy');
      assert.equal((o.escalation_policy.escalation_rules as unknown[]).length, 2);
    });

    it('follows overrides and refuses windows PagerDuty refuses', async () => {
      const o = await t.request('POST', `/schedules/${s.id}/overrides`, { override: { start: '2026-01-05T09:30:00Z', end: '2026-01-05T12:00:00Z', user: { id: bob.id } } });
      assert.equal(o.statusCode, 201, o.body);
      assert.deepEqual(rows((await get(`?escalation_policy_ids[]=${p1}&schedule_ids[]=${s.id}`)).oncalls).map((r) => [r[2], r[4], r[5]]), [
        [bob.id, '2026-01-05T09:30:00.000Z', '2026-01-05T12:00:00.000Z'],
      ]);
      const back = await t.request('GET', '/oncalls?since=2026-01-06T00:00:00Z&until=2026-01-05T00:00:00Z');
      assert.equal(back.statusCode, 400);
      assert.equal(back.json().error.code, 2001);
      const far = await t.request('GET', '/oncalls?until=2026-06-01T00:00:00Z');
      assert.equal(far.statusCode, 400);
      assert.match(far.json().error.errors[0], /90 days/);
      assert.equal((await t.request('GET', '/oncalls?time_zone=Mars/Olympus')).statusCode, 400);
    });
  });
});
