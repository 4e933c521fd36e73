// Auto-resolution and the end of a snooze, on the real engine with a fake clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../src/testing/app.js';
import { buildEscalationPolicy } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { createIncident, fastForward, from, getIncident, logOf, makeService, MIN, updateIncident } from './helpers.js';

forEachDialect((dialect) => {
  describe(`${dialect}: auto-resolve and snooze over time`, async () => {
    const t = await buildTestApp(dialect);
    const ep = await buildEscalationPolicy(t, { delay: 30 });
    const svc = await makeService(t, ep.id, { auto_resolve_timeout: 3600, acknowledgement_timeout: null });

    it('resolves an incident left open for auto_resolve_timeout, logged as resolved by timeout', async () => {
      const start = t.clock.now();
      const i = await createIncident(t, svc.id);
      await fastForward(t, 20 * MIN);
      await updateIncident(t, i.id, { status: 'acknowledged' });
      await fastForward(t, 40 * MIN - 1);
      assert.equal((await getIncident(t, i.id)).status, 'acknowledged');
      await fastForward(t, 1);
      const cur = await getIncident(t, i.id);
      assert.equal(cur.status, 'resolved');
      assert.equal(cur.resolved_at, new Date(start + 60 * MIN).toISOString());
      const res = await t.request('GET', `/incidents/${i.id}/log_entries`);
      const resolve = res.json().log_entries.find((e: { type: string }) => e.type === 'resolve_log_entry');
      assert.equal(resolve.channel.type, 'timeout');
      assert.equal(resolve.created_at, new Date(start + 60 * MIN).toISOString());
    });

    it('does not auto-resolve an incident resolved before the timeout, nor resolve it twice', async () => {
      const start = t.clock.now();
      const i = await createIncident(t, svc.id);
      await fastForward(t, 10 * MIN);
      await updateIncident(t, i.id, { status: 'resolved' });
      await fastForward(t, 120 * MIN);
      assert.deepEqual((await logOf(t, i.id, start)).filter(([type]) => type === 'resolve'), [['resolve', 10]]);
    });

    it('runs what fell due while no node was running at the next start, in due order', async () => {
      const twoLevels = await buildEscalationPolicy(t, { rules: [[t.ownerId], [t.ownerId]], delay: 30 });
      const svc2 = await makeService(t, twoLevels.id, { auto_resolve_timeout: 3600 });
      const i = await createIncident(t, svc2.id);
      // Nothing runs for two hours: the escalation (30 m) and the auto-resolution (60 m) are both due.
      t.clock.advance('2h');
      await t.app.engine.runDue();
      const res = await t.request('GET', `/incidents/${i.id}/log_entries`);
      const types = res.json().log_entries.map((e: { type: string }) => e.type);
      // Escalated first (it was due first), then resolved: had the resolution run first, the
      // escalation would have found a resolved incident and written nothing.
      assert.equal(types.filter((x: string) => x === 'escalate_log_entry').length, 1);
      assert.equal(types.filter((x: string) => x === 'resolve_log_entry').length, 1);
      assert.equal((await getIncident(t, i.id)).status, 'resolved');
    });

    it('re-triggers a snoozed incident when the snooze ends', async () => {
      const start = t.clock.now();
      const i = await createIncident(t, svc.id);
      await updateIncident(t, i.id, { status: 'acknowledged' });
      const res = await t.request('POST', `/incidents/${i.id}/snooze`, { duration: 600 }, from);
      assert.equal(res.statusCode, 201, res.body);
      await fastForward(t, 10 * MIN - 1);
      assert.equal((await getIncident(t, i.id)).status, 'acknowledged');
      await fastForward(t, 1);
      assert.equal((await getIncident(t, i.id)).status, 'triggered');
      assert.deepEqual((await logOf(t, i.id, start)).filter(([type]) => type === 'unacknowledge'), [['unacknowledge', 10]]);
    });
  });
});
