// Support-hours urgency and the scheduled urgency change at support hours start, across the
// 2026-03-08 daylight-saving change in New York (09:00 local is 14:00Z before it, 13:00Z after).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../src/testing/app.js';
import { buildEscalationPolicy } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { listTimersOfSubject } from '../../src/engine/index.js';
import { createIncident, fastForward, getIncident, makeService, MIN, updateIncident } from './helpers.js';

const supportHours = {
  type: 'fixed_time_per_day',
  time_zone: 'America/New_York',
  days_of_week: [1, 2, 3, 4, 5],
  start_time: '09:00:00',
  end_time: '17:00:00',
};
const rule = {
  type: 'use_support_hours',
  during_support_hours: { type: 'constant', urgency: 'high' },
  outside_support_hours: { type: 'constant', urgency: 'low' },
};
const raiseAtStart = [{ type: 'urgency_change', at: { type: 'named_time', name: 'support_hours_start' }, to_urgency: 'high' }];

forEachDialect((dialect) => {
  describe(`${dialect}: urgency by support hours over time`, async () => {
    const t = await buildTestApp(dialect);
    // Friday 2026-03-06 15:00 EST.
    t.clock.set(Date.parse('2026-03-06T20:00:00Z'));
    const ep = await buildEscalationPolicy(t, { delay: 30 });
    const svc = await makeService(t, ep.id, { incident_urgency_rule: rule, support_hours: supportHours, scheduled_actions: raiseAtStart });
    const plain = await makeService(t, ep.id, { incident_urgency_rule: rule, support_hours: supportHours });

    it('gives high urgency during support hours and low outside them', async () => {
      assert.equal((await createIncident(t, svc.id)).urgency, 'high');
      await fastForward(t, 3 * 60 * MIN); // 18:00 EST
      assert.equal((await createIncident(t, svc.id)).urgency, 'low');
    });

    it('raises unacknowledged low-urgency incidents to high when support hours start, after the DST change', async () => {
      const low = await createIncident(t, svc.id);
      const acked = await createIncident(t, svc.id);
      await updateIncident(t, acked.id, { status: 'acknowledged' });
      const elsewhere = await createIncident(t, plain.id);
      assert.deepEqual([low.urgency, acked.urgency, elsewhere.urgency], ['low', 'low', 'low']);
      // The next start is Monday 09:00 EDT = 13:00Z (not 14:00Z: the clocks went forward on Sunday).
      const [timer] = (await listTimersOfSubject(t.app.ctx.db, svc.id)).filter((x) => x.kind === 'incident.urgency_change');
      assert.equal(new Date(timer.dueAt).toISOString(), '2026-03-09T13:00:00.000Z');
      await fastForward(t, Date.parse('2026-03-09T12:59:59Z') - t.clock.now());
      assert.equal((await getIncident(t, low.id)).urgency, 'low');
      await fastForward(t, 1000);
      assert.equal((await getIncident(t, low.id)).urgency, 'high');
      // Acknowledged incidents and services without the scheduled action keep their urgency.
      assert.equal((await getIncident(t, acked.id)).urgency, 'low');
      assert.equal((await getIncident(t, elsewhere.id)).urgency, 'low');
      // The chain goes on: Tuesday 09:00 EDT.
      const [again] = (await listTimersOfSubject(t.app.ctx.db, svc.id)).filter((x) => x.kind === 'incident.urgency_change');
      assert.equal(new Date(again.dueAt).toISOString(), '2026-03-10T13:00:00.000Z');
    });

    it('stops the urgency change when the service drops the scheduled action', async () => {
      const res = await t.request('PUT', `/services/${svc.id}`, { service: { scheduled_actions: [] } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual((await listTimersOfSubject(t.app.ctx.db, svc.id)).filter((x) => x.kind === 'incident.urgency_change'), []);
    });
  });
});
