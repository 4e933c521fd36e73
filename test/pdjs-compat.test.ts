// The official PagerDuty JavaScript client against a real listening Tocsin: the calls issue 14 made
// work (user deletion, log entries, abilities, tags). pdjs builds https:// URLs from `server`, so
// plain-HTTP tests pass a full `url`; results are read from `data` (NOTES.md §7).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api } from '@pagerduty/pdjs';
import { buildTestApp, OWNER_EMAIL, OWNER_TOKEN } from '../src/testing/app.js';
import { buildEscalationPolicy, buildSchedule, buildUser } from '../src/testing/builders.js';
import { forEachDialect } from '../src/testing/dialects.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
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
  });
});
