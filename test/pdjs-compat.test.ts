// The official PagerDuty JavaScript client against a real listening Tocsin: the calls issue 14 made
// work (user deletion, log entries, abilities, tags). pdjs builds https:// URLs from `server`, so
// plain-HTTP tests pass a full `url`; results are read from `data` (NOTES.md §7).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api } from '@pagerduty/pdjs';
import { buildTestApp, OWNER_EMAIL, OWNER_TOKEN } from '../src/testing/app.js';
import { buildEscalationPolicy, buildSchedule, buildUser } from '../src/testing/builders.js';
import { forEachDialect } from '../src/testing/dialects.js';

type Json = any;

forEachDialect((dialect) => {
  describe(`${dialect}: @pagerduty/pdjs, issue 14's endpoints`, async () => {
    const t = await buildTestApp(dialect, { TOCSIN_HTTP_PORT: '0', TOCSIN_HTTP_HOST: '127.0.0.1', TOCSIN_SMTP_PORT: '0' });
    const { httpPort } = await t.app.start();
    const base = `http://127.0.0.1:${httpPort}`;
    const call = async (method: string, path: string, data?: unknown, headers?: Record<string, string>): Promise<{ status: number; data: Json }> => {
      const params = { token: OWNER_TOKEN, url: `${base}${path}`, method, ...(data === undefined ? {} : { data }), ...(headers ? { headers } : {}) };
      const r = (await api(params as Parameters<typeof api>[0] & { url: string })) as unknown as { response: { status: number }; data?: Json };
      return { status: r.response.status, data: r.data };
    };
    const alice = await buildUser(t, { name: 'Alice' });

    it('deletes a user who is on a policy and a schedule', async () => {
      const carol = await buildUser(t, { name: 'Carol' });
      const p = await buildEscalationPolicy(t, { targets: [alice.id, carol.id] });
      const s = await buildSchedule(t, { layers: [[carol.id, alice.id]], start: new Date(t.clock.now() + 3_600_000).toISOString() });
      assert.equal((await call('DELETE', `/users/${carol.id}`)).status, 204);
      assert.equal((await call('GET', `/users/${carol.id}`)).status, 404);
      const policy = (await call('GET', `/escalation_policies/${p.id}`)).data.escalation_policy;
      assert.deepEqual(policy.escalation_rules[0].targets.map((x: Json) => x.id), [alice.id]);
      const schedule = (await call('GET', `/schedules/${s.id}`)).data.schedule;
      assert.deepEqual(schedule.users.map((u: Json) => u.id), [alice.id]);
    });

    it('lists log entries with PagerDuty filters and reads one', async () => {
      const policy = await buildEscalationPolicy(t, { targets: [alice.id] });
      const svc = await call('POST', '/services', { service: { type: 'service', name: 'pdjs logs', escalation_policy: { id: policy.id, type: 'escalation_policy_reference' } } });
      const made = await call('POST', '/incidents', { incident: { type: 'incident', title: 'pdjs log', service: { id: svc.data.service.id, type: 'service_reference' } } }, { From: OWNER_EMAIL });
      assert.equal(made.status, 201, JSON.stringify(made.data));
      const since = new Date(t.clock.now() - 60_000).toISOString();
      const list = await call('GET', '/log_entries', { since, 'include[]': ['incidents', 'services'], is_overview: true, total: true });
      assert.equal(list.status, 200);
      const mine = list.data.log_entries.filter((e: Json) => e.incident.id === made.data.incident.id);
      assert.deepEqual(mine.map((e: Json) => [e.type, e.incident.type, e.incident.title, e.service.type]).sort(), [
        ['assign_log_entry', 'incident', 'pdjs log', 'service'],
        ['trigger_log_entry', 'incident', 'pdjs log', 'service'],
      ]);
      const one = await call('GET', `/log_entries/${mine[0].id}`, { time_zone: 'Europe/Paris' });
      assert.equal(one.status, 200);
      assert.match(one.data.log_entry.created_at, /\+01:00$/);
    });

    it('tags a team and finds it through the tag', async () => {
      const team = (await call('POST', '/teams', { team: { type: 'team', name: 'pdjs tagged' } })).data.team;
      const changed = await call('POST', `/teams/${team.id}/change_tags`, { add: [{ type: 'tag', label: 'pdjs' }] });
      assert.equal(changed.status, 200, JSON.stringify(changed.data));
      const tag = (await call('GET', '/tags', { query: 'pdjs' })).data.tags[0];
      assert.equal(tag.label, 'pdjs');
      const teams = await call('GET', `/tags/${tag.id}/teams`);
      assert.deepEqual(teams.data.teams.map((x: Json) => x.id), [team.id]);
      assert.equal((await call('DELETE', `/tags/${tag.id}`)).status, 204);
      assert.deepEqual((await call('GET', `/teams/${team.id}/tags`)).data.tags, []);
    });

    it('reads the abilities and tests one (pdjs reports 204 and 402 as they come)', async () => {
      assert.deepEqual((await call('GET', '/abilities')).data.abilities, ['teams', 'read_only_users', 'service_support_hours', 'urgencies']);
      assert.equal((await call('GET', '/abilities/teams')).status, 204);
      const lacks = await call('GET', '/abilities/coordinated_responding');
      assert.deepEqual([lacks.status, lacks.data.error.code], [402, 2014]);
    });
  });
});
