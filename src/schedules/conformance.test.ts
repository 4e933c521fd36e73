// The /schedules and /oncalls responses validated against PagerDuty's own OpenAPI description.
import { orNull, pagerDutyRestSpec, patchAccounts, specChecker } from '../../test/fixtures/pagerduty/spec.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildSchedule, buildTeam, buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';

type Json = any;
const spec: Json = pagerDutyRestSpec();
// Patched to what the real API (and Tocsin) returns: a schedule without a description has null; a
// layer without an end has end null (the spec's own words: "If `null`, the layer does not end");
// coverage is null when nothing was rendered ("Returns null unless since or until are set"); an
// on-call of a user target has start, end and schedule null ("If `null`, the on-call is a permanent user on-call").
const sched = spec.components.schemas.Schedule.allOf[1].properties;
sched.description = orNull(sched.description);
const layer = spec.components.schemas.ScheduleLayer.properties;
layer.end = orNull(layer.end);
layer.rendered_coverage_percentage = orNull(layer.rendered_coverage_percentage);
const sub = spec.components.schemas.SubSchedule.properties;
sub.rendered_coverage_percentage = orNull(sub.rendered_coverage_percentage);
const oncall = spec.components.schemas.Oncall.properties;
for (const k of ['start', 'end', 'schedule']) oncall[k] = orNull(oncall[k]);
// A user without a job title has null; a policy without a description too.
patchAccounts(spec);

const { conforms } = specChecker(spec, { 'activesupport-time-zone': true, 'partial-time': /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/ });

forEachDialect((dialect) => {
  describe(`${dialect}: /schedules and /oncalls conform to PagerDuty's OpenAPI description`, async () => {
    const t = await buildTestApp(dialect);
    const alice = await buildUser(t, { name: 'Alice' });
    const team = await buildTeam(t);

    it('schedules: POST, GET (rendered), PUT, list, preview, overrides, users', async () => {
      const res = await t.request('POST', '/schedules', {
        schedule: {
          type: 'schedule',
          name: 'Conformance',
          time_zone: 'Europe/Berlin',
          teams: [{ id: team.id }],
          schedule_layers: [
            {
              start: '2026-01-01T00:00:00Z',
              rotation_virtual_start: '2026-01-01T00:00:00Z',
              rotation_turn_length_seconds: 86_400,
              users: [{ user: { id: alice.id, type: 'user_reference' } }],
              restrictions: [{ type: 'weekly_restriction', start_day_of_week: 1, start_time_of_day: '09:00:00', duration_seconds: 3600 * 40 }],
            },
          ],
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      conforms('/schedules', 'post', 201, res.json());
      const id = res.json().schedule.id;
      conforms('/schedules/{id}', 'get', 200, (await t.request('GET', `/schedules/${id}?since=2026-01-05T00:00:00Z`)).json());
      conforms('/schedules/{id}', 'put', 200, (await t.request('PUT', `/schedules/${id}`, { schedule: { description: 'Now described' } })).json());
      conforms('/schedules', 'get', 200, (await t.request('GET', '/schedules?include[]=schedule_layers&include[]=final_schedule&since=2026-01-05T00:00:00Z')).json());
      const preview = await t.request('POST', '/schedules/preview', { schedule: { name: 'P', time_zone: 'UTC', schedule_layers: res.json().schedule.schedule_layers } });
      assert.equal(preview.statusCode, 200, preview.body);
      conforms('/schedules/preview', 'post', 200, preview.json());
      const over = await t.request('POST', `/schedules/${id}/overrides`, { overrides: [{ start: '2026-01-06T00:00:00Z', end: '2026-01-06T06:00:00Z', user: { id: alice.id, type: 'user_reference' } }] });
      conforms('/schedules/{id}/overrides', 'post', 201, over.json());
      // PagerDuty documents the list's answer under 201 (sic); Tocsin answers 200 with that body.
      conforms('/schedules/{id}/overrides', 'get', 201, (await t.request('GET', `/schedules/${id}/overrides?since=2026-01-05T00:00:00Z&until=2026-01-08T00:00:00Z`)).json());
      conforms('/schedules/{id}/users', 'get', 200, (await t.request('GET', `/schedules/${id}/users?since=2026-01-05T00:00:00Z`)).json());
      assert.throws(() => conforms('/schedules/{id}', 'get', 200, { schedule: { type: 'schedule' } }));
    });

    it('oncalls: references and included objects', async () => {
      const s = await buildSchedule(t, { layers: [[alice.id]] });
      const res = await t.request(
        'POST',
        '/escalation_policies',
        { escalation_policy: { type: 'escalation_policy', name: 'Conf', escalation_rules: [{ escalation_delay_in_minutes: 5, targets: [{ id: s.id, type: 'schedule_reference' }, { id: alice.id, type: 'user_reference' }] }] } },
        { headers: { from: OWNER_EMAIL } },
      );
      assert.equal(res.statusCode, 201, res.body);
      const plain = (await t.request('GET', '/oncalls?total=true')).json();
      assert.equal(plain.oncalls.length, 2);
      conforms('/oncalls', 'get', 200, plain);
      // With include[] the spec still says references; PagerDuty (and Tocsin) embed full objects then,
      // which oncalls.test.ts checks.
    });
  });
});
