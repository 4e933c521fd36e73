import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildTestApp } from '../testing/app.js';
import { buildSchedule, buildTeam, buildUser } from '../testing/builders.js';

const layer = (ids: string[], o: Record<string, unknown> = {}) => ({
  start: '2026-01-05T09:00:00Z',
  rotation_virtual_start: '2026-01-05T09:00:00Z',
  rotation_turn_length_seconds: 86_400,
  users: ids.map((id) => ({ user: { id, type: 'user_reference' } })),
  ...o,
});
const body = (o: Record<string, unknown>) => ({ schedule: { type: 'schedule', name: 'Primary', time_zone: 'UTC', ...o } });
const span = (e: { start: string; end: string; user: { id: string } }) => [e.start, e.end, e.user.id];

forEachDialect((dialect) => {
  describe(`${dialect}: /schedules`, async () => {
    const t = await buildTestApp(dialect);
    const alice = await buildUser(t, { name: 'Alice' });
    const bob = await buildUser(t, { name: 'Bob' });

    it('creates a schedule (201) with every field of PagerDuty’s Schedule and reads it back', async () => {
      const res = await t.request(
        'POST',
        '/schedules',
        body({
          name: 'Ops',
          description: 'Day shift',
          time_zone: 'America/New_York',
          schedule_layers: [layer([alice.id, bob.id], { name: 'Day', restrictions: [{ type: 'daily_restriction', start_time_of_day: '08:00:00', duration_seconds: 32_400 }] })],
        }),
      );
      assert.equal(res.statusCode, 201, res.body);
      const s = res.json().schedule;
      assert.match(s.id, /^P[0-9A-Z]{6}$/);
      assert.deepEqual(
        { ...s, schedule_layers: undefined },
        {
          id: s.id,
          type: 'schedule',
          summary: 'Ops',
          self: `http://tocsin.test/schedules/${s.id}`,
          html_url: `http://tocsin.test/ui/schedules/${s.id}`,
          name: 'Ops',
          description: 'Day shift',
          time_zone: 'America/New_York',
          schedule_layers: undefined,
          final_schedule: { name: 'Final Schedule', rendered_schedule_entries: [], rendered_coverage_percentage: null },
          overrides_subschedule: { name: 'Overrides', rendered_schedule_entries: [], rendered_coverage_percentage: null },
          escalation_policies: [],
          users: [alice.id, bob.id].map((id, i) => ({
            id,
            type: 'user_reference',
            summary: ['Alice', 'Bob'][i],
            self: `http://tocsin.test/users/${id}`,
            html_url: `http://tocsin.test/ui/users/${id}`,
          })),
          teams: [],
          http_cal_url: s.http_cal_url,
          web_cal_url: s.http_cal_url.replace(/^http:/, 'webcal:'),
        },
      );
      assert.match(s.http_cal_url, /^http:\/\/tocsin\.test\/calendars\/schedules\/[0-9a-f]{64}\.ics$/);
      const l = s.schedule_layers[0];
      assert.deepEqual({ ...l, users: l.users.map((u: { user: { id: string } }) => u.user.id) }, {
        id: l.id,
        name: 'Day',
        start: '2026-01-05T04:00:00-05:00',
        end: null,
        rotation_virtual_start: '2026-01-05T04:00:00-05:00',
        rotation_turn_length_seconds: 86_400,
        users: [alice.id, bob.id],
        restrictions: [{ type: 'daily_restriction', start_time_of_day: '08:00:00', duration_seconds: 32_400 }],
        rendered_schedule_entries: [],
        rendered_coverage_percentage: null,
      });
      const got = await t.request('GET', `/schedules/${s.id}`);
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.json(), res.json());
    });

    it('renders since/until in the requested time zone, until defaulting to two weeks after since', async () => {
      const s = await buildSchedule(t, { layers: [[alice.id, bob.id]] });
      const res = await t.request('GET', `/schedules/${s.id}?since=2026-01-05T00:00:00Z&until=2026-01-07T00:00:00Z&time_zone=Europe/Paris`);
      assert.equal(res.statusCode, 200, res.body);
      const final = res.json().schedule.final_schedule;
      assert.deepEqual(final.rendered_schedule_entries.map(span), [
        ['2026-01-05T10:00:00+01:00', '2026-01-06T10:00:00+01:00', alice.id],
        ['2026-01-06T10:00:00+01:00', '2026-01-07T01:00:00+01:00', bob.id],
      ]);
      assert.equal(final.rendered_coverage_percentage, 81.25);
      const layerEntries = res.json().schedule.schedule_layers[0].rendered_schedule_entries;
      assert.deepEqual(layerEntries.map(span), final.rendered_schedule_entries.map(span));

      const overflow = await t.request('GET', `/schedules/${s.id}?since=2026-01-05T12:00:00Z&until=2026-01-06T00:00:00Z&overflow=true`);
      assert.deepEqual(overflow.json().schedule.final_schedule.rendered_schedule_entries.map(span), [['2026-01-05T09:00:00.000Z', '2026-01-06T09:00:00.000Z', alice.id]]);

      const two = await t.request('GET', `/schedules/${s.id}?since=2026-01-05T09:00:00Z`);
      const entries = two.json().schedule.final_schedule.rendered_schedule_entries;
      assert.equal(entries.length, 14);
      assert.equal(entries[13].end, '2026-01-19T09:00:00.000Z');
      const back = await t.request('GET', `/schedules/${s.id}?until=2026-01-19T09:00:00Z`);
      assert.deepEqual(back.json().schedule.final_schedule.rendered_schedule_entries.slice(-1).map(span), [entries[13]].map(span));
    });

    it('takes layers lowest first, lists them highest first, and a higher layer wins where it has someone', async () => {
      const res = await t.request(
        'POST',
        '/schedules',
        body({
          name: 'Two layers',
          schedule_layers: [
            layer([alice.id], { name: 'Base' }),
            layer([bob.id], { name: 'Lunch', restrictions: [{ type: 'daily_restriction', start_time_of_day: '12:00:00', duration_seconds: 3600 }] }),
          ],
        }),
      );
      assert.equal(res.statusCode, 201, res.body);
      const got = await t.request('GET', `/schedules/${res.json().schedule.id}?since=2026-01-05T10:00:00Z&until=2026-01-05T14:00:00Z`);
      const sch = got.json().schedule;
      assert.deepEqual(sch.schedule_layers.map((l: { name: string }) => l.name), ['Lunch', 'Base']);
      assert.deepEqual(sch.schedule_layers[0].rendered_schedule_entries.map(span), [['2026-01-05T12:00:00.000Z', '2026-01-05T13:00:00.000Z', bob.id]]);
      assert.deepEqual(sch.final_schedule.rendered_schedule_entries.map(span), [
        ['2026-01-05T10:00:00.000Z', '2026-01-05T12:00:00.000Z', alice.id],
        ['2026-01-05T12:00:00.000Z', '2026-01-05T13:00:00.000Z', bob.id],
        ['2026-01-05T13:00:00.000Z', '2026-01-05T14:00:00.000Z', alice.id],
      ]);
    });

    it('keeps daily handoffs at 09:00 local across DST, stored and rendered (New York, Lord Howe’s 30-minute shift)', async () => {
      const cases: Array<[string, string, string, string, string[][]]> = [
        [
          'America/New_York',
          '2026-03-06T09:00:00-05:00',
          '2026-03-07T09:00:00-05:00',
          '2026-03-10T09:00:00-04:00',
          [
            ['2026-03-07T09:00:00-05:00', '2026-03-08T09:00:00-04:00', bob.id],
            ['2026-03-08T09:00:00-04:00', '2026-03-09T09:00:00-04:00', alice.id],
            ['2026-03-09T09:00:00-04:00', '2026-03-10T09:00:00-04:00', bob.id],
          ],
        ],
        [
          'Australia/Lord_Howe',
          '2026-04-04T09:00:00+11:00',
          '2026-04-04T09:00:00+11:00',
          '2026-04-06T09:00:00+10:30',
          [
            ['2026-04-04T09:00:00+11:00', '2026-04-05T09:00:00+10:30', alice.id],
            ['2026-04-05T09:00:00+10:30', '2026-04-06T09:00:00+10:30', bob.id],
          ],
        ],
      ];
      for (const [tz, start, since, until, expected] of cases) {
        const res = await t.request('POST', '/schedules', body({ name: `DST ${tz}`, time_zone: tz, schedule_layers: [layer([alice.id, bob.id], { start, rotation_virtual_start: start })] }));
        assert.equal(res.statusCode, 201, res.body);
        const q = new URLSearchParams({ since, until });
        const got = await t.request('GET', `/schedules/${res.json().schedule.id}?${q}`);
        assert.deepEqual(got.json().schedule.final_schedule.rendered_schedule_entries.map(span), expected, tz);
      }
    });

    it('refuses bad schedules with PagerDuty’s 400 (2001) and a clear message', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [body({ schedule_layers: [] }), /at least one schedule layer/],
        [body({ time_zone: 'Mars/Olympus', schedule_layers: [layer([alice.id])] }), /IANA time zone/],
        [body({ name: ' ', schedule_layers: [layer([alice.id])] }), /Name cannot be empty/],
        [body({ schedule_layers: [layer([])] }), /must have at least one user/],
        [body({ schedule_layers: [layer(['PNOBODY'])] }), /user PNOBODY does not exist/],
        [body({ schedule_layers: [layer([alice.id], { rotation_turn_length_seconds: 60 })] }), /at least 3600/],
        [body({ schedule_layers: [layer([alice.id], { start: 'yesterday' })] }), /start must be an ISO 8601/],
        [body({ schedule_layers: [layer([alice.id], { end: '2026-01-01T00:00:00Z' })] }), /end must be after start/],
        [body({ schedule_layers: [layer([alice.id], { restrictions: [{ type: 'weekly_restriction', start_time_of_day: '08:00:00', duration_seconds: 3600 }] })] }), /start_day_of_week/],
        [body({ schedule_layers: [layer([alice.id], { restrictions: [{ type: 'daily_restriction', start_time_of_day: '25:00:00', duration_seconds: 3600 }] })] }), /HH:MM:SS/],
        [body({ schedule_layers: [layer([alice.id], { restrictions: [{ type: 'daily_restriction', start_time_of_day: '08:00:00', duration_seconds: 90_000 }] })] }), /from 1 to 86400/],
      ];
      for (const [b, re] of cases) {
        const res = await t.request('POST', '/schedules', b);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error.code, 2001);
        assert.match(res.json().error.errors.join(' '), re);
      }
    });

    it('updates partially (PUT), keeping layer ids given back', async () => {
      const s = await buildSchedule(t, { layers: [[alice.id]] });
      const res = await t.request('PUT', `/schedules/${s.id}`, {
        schedule: { name: 'Renamed', schedule_layers: [layer([bob.id], { id: s.layerIds[0] }), layer([alice.id], { name: 'Top' })] },
      });
      assert.equal(res.statusCode, 200, res.body);
      const got = res.json().schedule;
      assert.equal(got.name, 'Renamed');
      assert.equal(got.time_zone, 'UTC');
      // Listed highest first (PagerDuty's order); the layer given back by id kept its id.
      assert.equal(got.schedule_layers[1].id, s.layerIds[0]);
      assert.deepEqual(got.schedule_layers.map((l: { name: string }) => l.name), ['Top', 'Layer 1']);
      assert.equal((await t.request('PUT', '/schedules/PNOPE00', { schedule: { name: 'x' } })).statusCode, 404);
      // Regression: explicit nulls (as GET returns them) are kept null, not coerced to "" and refused.
      const round = await t.request('PUT', `/schedules/${s.id}`, { schedule: { description: null, schedule_layers: got.schedule_layers.map((l: object) => ({ ...l, end: null, name: null })) } });
      assert.equal(round.statusCode, 200, round.body);
      assert.equal(round.json().schedule.description, null);
      assert.deepEqual(round.json().schedule.schedule_layers.map((l: { end: null; name: string }) => [l.end, l.name]), [[null, 'Layer 2'], [null, 'Layer 1']]);
    });

    it('lists by name with pagination, query and team filters; include[] adds rendered parts', async () => {
      const team = await buildTeam(t);
      const a = await buildSchedule(t, { layers: [[alice.id]], name: 'zz List A', teamIds: [team.id] });
      await buildSchedule(t, { layers: [[alice.id]], name: 'zz List B' });
      const page = await t.request('GET', '/schedules?query=zz%20list&limit=1&total=true');
      assert.equal(page.statusCode, 200, page.body);
      assert.deepEqual({ ...(page.json() as Record<string, unknown>), schedules: page.json().schedules.map((s: { name: string }) => s.name) }, {
        schedules: ['zz List A'],
        limit: 1,
        offset: 0,
        more: true,
        total: 2,
      });
      assert.equal(page.json().schedules[0].schedule_layers, undefined);
      const byTeam = await t.request('GET', `/schedules?team_ids[]=${team.id}&include[]=final_schedule&since=2026-01-05T09:00:00Z&until=2026-01-05T10:00:00Z`);
      const [only] = byTeam.json().schedules;
      assert.equal(only.id, a.id);
      assert.deepEqual(only.final_schedule.rendered_schedule_entries.map(span), [['2026-01-05T09:00:00.000Z', '2026-01-05T10:00:00.000Z', alice.id]]);
      assert.equal((await t.request('GET', '/schedules?offset=9990&limit=20')).statusCode, 400);
    });

    it('lets only owner, admin, user and the team’s managers write', async () => {
      const team = await buildTeam(t);
      const limited = await t.makeUser('limited_user');
      const observer = await t.makeUser('observer');
      const user = await t.makeUser('user');
      const b = body({ name: 'Roles', schedule_layers: [layer([alice.id])] });
      assert.equal((await t.request('POST', '/schedules', b, { token: limited.token })).statusCode, 403);
      assert.equal((await t.request('POST', '/schedules', b, { token: observer.token })).statusCode, 403);
      assert.equal((await t.request('POST', '/schedules', b, { token: user.token })).statusCode, 201);
      const teamBody = body({ name: 'Team sched', schedule_layers: [layer([alice.id])], teams: [{ id: team.id }] });
      const r = await t.request('PUT', `/teams/${team.id}/users/${limited.id}`, { role: 'manager' });
      assert.ok(r.statusCode < 300, r.body);
      assert.equal((await t.request('POST', '/schedules', teamBody, { token: limited.token })).statusCode, 201);
      assert.equal((await t.request('GET', '/schedules?limit=1', undefined, { token: observer.token })).statusCode, 200);
      // A team that owns schedules cannot be deleted (PagerDuty's rule), naming them.
      const del = await t.request('DELETE', `/teams/${team.id}`);
      assert.equal(del.statusCode, 400, del.body);
      assert.match(del.json().error.errors.join(' '), /The team has schedules "Team sched"/);
    });

    it('previews without saving (POST /schedules/preview), rendering two weeks from now by default', async () => {
      const before = (await t.request('GET', '/schedules?total=true')).json().total;
      const res = await t.request('POST', '/schedules/preview?since=2026-01-05T09:00:00Z&until=2026-01-06T09:00:00Z', body({ name: 'Preview', schedule_layers: [layer([bob.id])] }));
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().schedule.final_schedule.rendered_schedule_entries.map(span), [['2026-01-05T09:00:00.000Z', '2026-01-06T09:00:00.000Z', bob.id]]);
      assert.equal((await t.request('GET', '/schedules?total=true')).json().total, before);
      const def = await t.request('POST', '/schedules/preview', body({ name: 'Preview', schedule_layers: [layer([bob.id])] }));
      assert.deepEqual(def.json().schedule.final_schedule.rendered_schedule_entries.map(span), [['2026-01-05T10:00:00.000Z', '2026-01-19T10:00:00.000Z', bob.id]]);
    });

    it('takes one override or an array; overrides win over layers; lists and removes them', async () => {
      const s = await buildSchedule(t, { layers: [[alice.id]] });
      const one = await t.request('POST', `/schedules/${s.id}/overrides`, { override: { start: '2026-01-06T00:00:00Z', end: '2026-01-06T06:00:00Z', user: { id: bob.id, type: 'user_reference' } } });
      assert.equal(one.statusCode, 201, one.body);
      assert.deepEqual(span(one.json().override), ['2026-01-06T00:00:00.000Z', '2026-01-06T06:00:00.000Z', bob.id]);
      const many = await t.request('POST', `/schedules/${s.id}/overrides`, {
        overrides: [
          { start: '2026-01-07T00:00:00Z', end: '2026-01-07T02:00:00Z', user: { id: bob.id, type: 'user_reference' } },
          { start: '2026-01-07T03:00:00Z', end: '2026-01-07T02:00:00Z', user: { id: bob.id, type: 'user_reference' } },
          { start: '2026-01-07T01:00:00Z', end: '2026-01-07T03:00:00Z', user: { id: t.ownerId, type: 'user_reference' } },
        ],
      });
      assert.equal(many.statusCode, 201, many.body);
      assert.deepEqual(many.json().map((r: { status: number }) => r.status), [201, 400, 201]);
      assert.match(many.json()[1].errors.join(' '), /end must be after start/);
      const res = await t.request('GET', `/schedules/${s.id}?since=2026-01-06T00:00:00Z&until=2026-01-07T04:00:00Z`);
      const sch = res.json().schedule;
      assert.deepEqual(sch.final_schedule.rendered_schedule_entries.map(span), [
        ['2026-01-06T00:00:00.000Z', '2026-01-06T06:00:00.000Z', bob.id],
        ['2026-01-06T06:00:00.000Z', '2026-01-07T00:00:00.000Z', alice.id],
        ['2026-01-07T00:00:00.000Z', '2026-01-07T01:00:00.000Z', bob.id],
        ['2026-01-07T01:00:00.000Z', '2026-01-07T03:00:00.000Z', t.ownerId],
        ['2026-01-07T03:00:00.000Z', '2026-01-07T04:00:00.000Z', alice.id],
      ]);
      const list = await t.request('GET', `/schedules/${s.id}/overrides?since=2026-01-06T00:00:00Z&until=2026-01-08T00:00:00Z`);
      assert.equal(list.statusCode, 200, list.body);
      assert.equal(list.json().overrides.length, 3);
      const oid = one.json().override.id;
      assert.equal((await t.request('DELETE', `/schedules/${s.id}/overrides/${oid}`)).statusCode, 204);
      assert.equal((await t.request('DELETE', `/schedules/${s.id}/overrides/${oid}`)).statusCode, 404);
      const single = await t.request('POST', `/schedules/${s.id}/overrides`, { override: { start: '2026-01-06T00:00:00Z', end: '2026-01-06T06:00:00Z', user: { id: 'PNOBODY' } } });
      assert.equal(single.statusCode, 400);
      assert.match(single.json().error.errors.join(' '), /User PNOBODY does not exist/);
    });

    it('truncates an override in progress (200) and refuses to remove a past one', async () => {
      const s = await buildSchedule(t, { layers: [[alice.id]] });
      const now = t.clock.now();
      const iso = (ms: number) => new Date(ms).toISOString();
      const res = await t.request('POST', `/schedules/${s.id}/overrides`, { override: { start: iso(now + 3_600_000), end: iso(now + 7_200_000), user: { id: bob.id } } });
      const id = res.json().override.id;
      t.clock.advance('90m');
      assert.equal((await t.request('DELETE', `/schedules/${s.id}/overrides/${id}`)).statusCode, 200);
      const list = await t.request('GET', `/schedules/${s.id}/overrides?since=${iso(now)}&until=${iso(now + 86_400_000)}`);
      assert.deepEqual(list.json().overrides.map(span), [[iso(now + 3_600_000), iso(now + 5_400_000), bob.id]]);
      t.clock.advance('1h');
      const past = await t.request('DELETE', `/schedules/${s.id}/overrides/${id}`);
      assert.equal(past.statusCode, 400);
      assert.match(past.json().error.errors[0], /past override/);
    });

    it('lists the users on call over a window (GET /schedules/{id}/users)', async () => {
      const s = await buildSchedule(t, { layers: [[alice.id, bob.id]] });
      const day1 = await t.request('GET', `/schedules/${s.id}/users?since=2026-01-05T10:00:00Z&until=2026-01-05T12:00:00Z`);
      assert.equal(day1.statusCode, 200, day1.body);
      assert.deepEqual(day1.json().users.map((u: { id: string; type: string }) => [u.id, u.type]), [[alice.id, 'user']]);
      const both = await t.request('GET', `/schedules/${s.id}/users?since=2026-01-05T10:00:00Z&until=2026-01-06T12:00:00Z`);
      assert.deepEqual(both.json().users.map((u: { name: string }) => u.name), ['Alice', 'Bob']);
    });

    it('refuses deleting a schedule an escalation policy uses, naming the policies; deletes it otherwise', async () => {
      const s = await buildSchedule(t, { layers: [[alice.id]] });
      const ep = await t.request('POST', '/escalation_policies', {
        escalation_policy: { type: 'escalation_policy', name: 'Uses schedule', escalation_rules: [{ escalation_delay_in_minutes: 10, targets: [{ id: s.id, type: 'schedule_reference' }] }] },
      });
      assert.equal(ep.statusCode, 201, ep.body);
      assert.deepEqual(ep.json().escalation_policy.escalation_rules[0].targets[0].summary, s.name);
      const shown = (await t.request('GET', `/schedules/${s.id}`)).json().schedule;
      assert.deepEqual(shown.escalation_policies.map((p: { id: string; type: string }) => [p.id, p.type]), [[ep.json().escalation_policy.id, 'escalation_policy_reference']]);
      const refused = await t.request('DELETE', `/schedules/${s.id}`);
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().error.code, 2001);
      assert.match(refused.json().error.errors[0], /escalation policy "Uses schedule"/);
      assert.equal((await t.request('DELETE', `/escalation_policies/${ep.json().escalation_policy.id}`)).statusCode, 204);
      assert.equal((await t.request('DELETE', `/schedules/${s.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `/schedules/${s.id}`)).statusCode, 404);
      const bad = await t.request('POST', '/escalation_policies', {
        escalation_policy: { type: 'escalation_policy', name: 'Gone schedule', escalation_rules: [{ escalation_delay_in_minutes: 10, targets: [{ id: s.id, type: 'schedule_reference' }] }] },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.errors[0], /schedule .* does not exist/);
    });

    it('lets a user on a schedule be deleted, taking them off its layers (PagerDuty)', async () => {
      const carol = await buildUser(t, { name: 'Carol' });
      const s = await buildSchedule(t, { layers: [[alice.id, carol.id]], name: 'Carol’s', start: new Date(t.clock.now() + 3_600_000).toISOString() });
      assert.equal((await t.request('DELETE', `/users/${carol.id}`)).statusCode, 204);
      const layers = (await t.request('GET', `/schedules/${s.id}`)).json().schedule.schedule_layers;
      assert.deepEqual(layers.map((l: { users: Array<{ user: { id: string } }> }) => l.users.map((u) => u.user.id)), [[alice.id]]);
    });

    it('include_next_oncall_for_user adds next_oncall_for_user: the shift in progress or the next one, in the requested zone; null when none', async () => {
      const dave = await buildUser(t, { name: 'Dave' });
      const erin = await buildUser(t, { name: 'Erin' });
      // Daily 09:00 UTC turns from the 5th: Dave the 5th (on call at the clock's 10:00), Erin the 6th.
      const s = await buildSchedule(t, { layers: [[dave.id, erin.id]], name: 'Next on-call' });
      const one = (userId: string, zone = '') =>
        t.request('GET', `/schedules/${s.id}?include_next_oncall_for_user=${userId}${zone}`).then((r) => r.json().schedule.next_oncall_for_user);
      const ref = (u: { id: string }, name: string) => ({ id: u.id, type: 'user_reference', summary: name, self: `http://tocsin.test/users/${u.id}`, html_url: `http://tocsin.test/ui/users/${u.id}` });
      assert.deepEqual(await one(dave.id), { start: '2026-01-05T09:00:00.000Z', end: '2026-01-06T09:00:00.000Z', user: ref(dave, 'Dave') });
      assert.deepEqual(await one(erin.id, '&time_zone=America/New_York'), { start: '2026-01-06T04:00:00-05:00', end: '2026-01-07T04:00:00-05:00', user: ref(erin, 'Erin') });
      assert.equal(await one(alice.id), null);
      assert.equal((await t.request('GET', `/schedules/${s.id}`)).json().schedule.next_oncall_for_user, undefined, 'only when asked');
      const list = (await t.request('GET', `/schedules?query=Next%20on-call&include_next_oncall_for_user=${erin.id}`)).json().schedules;
      assert.deepEqual(list[0].next_oncall_for_user.start, '2026-01-06T09:00:00.000Z');
    });
  });
});
