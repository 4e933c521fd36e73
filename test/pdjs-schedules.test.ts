// The official PagerDuty JavaScript client against a real listening Tocsin: a schedule, an override,
// a policy that escalates to the schedule, and /oncalls (same calling convention as pdjs-rest.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api } from '@pagerduty/pdjs';
import { buildTestApp, OWNER_TOKEN } from '../src/testing/app.js';
import { buildUser } from '../src/testing/builders.js';
import { forEachDialect } from '../src/testing/dialects.js';

type Json = any;

forEachDialect((dialect) => {
  describe(`${dialect}: @pagerduty/pdjs drives schedules and /oncalls`, async () => {
    const t = await buildTestApp(dialect, { TOCSIN_HTTP_PORT: '0', TOCSIN_HTTP_HOST: '127.0.0.1', TOCSIN_SMTP_PORT: '0' });
    const { httpPort } = await t.app.start();
    const base = `http://127.0.0.1:${httpPort}`;
    const alice = await buildUser(t, { name: 'Alice' });
    const bob = await buildUser(t, { name: 'Bob' });
    const call = async (method: string, path: string, data?: unknown): Promise<{ status: number; data: Json }> => {
      const params = { token: OWNER_TOKEN, url: `${base}${path}`, method, ...(data === undefined ? {} : { data }) };
      const r = (await api(params as Parameters<typeof api>[0] & { url: string })) as unknown as { response: { status: number }; data?: Json };
      return { status: r.response.status, data: r.data };
    };

    it('creates a schedule, overrides it, escalates to it and lists who is on call', async () => {
      // The fake clock reads 2026-01-05T10:00:00Z: weekly turns from Monday 09:00 New York time.
      const created = await call('POST', '/schedules', {
        schedule: {
          type: 'schedule',
          name: 'pdjs rotation',
          time_zone: 'America/New_York',
          schedule_layers: [
            {
              name: 'Weekly',
              start: '2026-01-05T09:00:00-05:00',
              rotation_virtual_start: '2026-01-05T09:00:00-05:00',
              rotation_turn_length_seconds: 7 * 86_400,
              users: [{ user: { id: alice.id, type: 'user_reference' } }, { user: { id: bob.id, type: 'user_reference' } }],
            },
          ],
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.data));
      const id = created.data.schedule.id;

      const shown = await call('GET', `/schedules/${id}`, { since: '2026-01-05T09:00:00-05:00', until: '2026-01-19T09:00:00-05:00' });
      assert.equal(shown.status, 200);
      assert.deepEqual(
        shown.data.schedule.final_schedule.rendered_schedule_entries.map((e: Json) => [e.start, e.end, e.user.summary]),
        [
          ['2026-01-05T09:00:00-05:00', '2026-01-12T09:00:00-05:00', 'Alice'],
          ['2026-01-12T09:00:00-05:00', '2026-01-19T09:00:00-05:00', 'Bob'],
        ],
      );

      const overrides = await call('POST', `/schedules/${id}/overrides`, {
        overrides: [{ start: '2026-01-06T00:00:00Z', end: '2026-01-07T00:00:00Z', user: { id: bob.id, type: 'user_reference' }, time_zone: 'UTC' }],
      });
      assert.equal(overrides.status, 201, JSON.stringify(overrides.data));
      assert.equal(overrides.data[0].status, 201);
      const overrideId = overrides.data[0].override.id;
      const listed = await call('GET', `/schedules/${id}/overrides`, { since: '2026-01-05T00:00:00Z', until: '2026-01-08T00:00:00Z' });
      assert.deepEqual(listed.data.overrides.map((o: Json) => o.id), [overrideId]);

      const policy = await call('POST', '/escalation_policies', {
        escalation_policy: { type: 'escalation_policy', name: 'pdjs via schedule', escalation_rules: [{ escalation_delay_in_minutes: 15, targets: [{ id, type: 'schedule_reference' }] }] },
      });
      assert.equal(policy.status, 201, JSON.stringify(policy.data));
      const policyId = policy.data.escalation_policy.id;

      // 05:00 in New York: the layer starts at 09:00, so nobody yet; at 10:00 New York Alice is on call.
      const early = await call('GET', '/oncalls', { 'escalation_policy_ids[]': policyId });
      assert.equal(early.status, 200);
      assert.deepEqual(early.data.oncalls, []);
      t.clock.set(Date.parse('2026-01-05T15:00:00Z'));
      const now = await call('GET', '/oncalls', { 'escalation_policy_ids[]': policyId, time_zone: 'America/New_York' });
      assert.deepEqual(now.data.oncalls.map((o: Json) => [o.user.id, o.schedule.id, o.escalation_level, o.start]), [[alice.id, id, 1, '2026-01-05T09:00:00-05:00']]);
      const tomorrow = await call('GET', '/oncalls', { 'escalation_policy_ids[]': policyId, since: '2026-01-06T12:00:00Z', until: '2026-01-06T13:00:00Z', time_zone: 'UTC' });
      assert.deepEqual(tomorrow.data.oncalls.map((o: Json) => [o.user.id, o.start, o.end]), [[bob.id, '2026-01-06T00:00:00.000Z', '2026-01-07T00:00:00.000Z']]);

      const removed = await call('DELETE', `/schedules/${id}/overrides/${overrideId}`);
      assert.equal(removed.status, 204);
      const refused = await call('DELETE', `/schedules/${id}`);
      assert.equal(refused.status, 400);
      assert.equal(refused.data.error.code, 2001);
      assert.equal((await call('DELETE', `/escalation_policies/${policyId}`)).status, 204);
      assert.equal((await call('DELETE', `/schedules/${id}`)).status, 204);
    });
  });
});
