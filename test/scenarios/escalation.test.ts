// Escalation over time: levels, loops, low urgency, acknowledgement and its timeout, on the real
// engine with a fake clock (fastForward stops at each due timer).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../src/testing/app.js';
import { buildEscalationPolicy, buildUser } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { assignees, createIncident, fastForward, getIncident, logOf, makeService, MIN, updateIncident } from './helpers.js';

forEachDialect((dialect) => {
  describe(`${dialect}: escalation over time`, async () => {
    const t = await buildTestApp(dialect);
    const alice = await buildUser(t, { name: 'Alice' });
    const bob = await buildUser(t, { name: 'Bob' });
    const ep = await buildEscalationPolicy(t, { rules: [[alice.id], [bob.id]], delay: 10, numLoops: 1 });
    const svc = await makeService(t, ep.id, { acknowledgement_timeout: 1800, auto_resolve_timeout: null });

    it('escalates level by level at each rule delay, loops num_loops times, then stops', async () => {
      const start = t.clock.now();
      const i = await createIncident(t, svc.id);
      assert.deepEqual(assignees(i), [alice.id]);
      await fastForward(t, 10 * MIN);
      let cur = await getIncident(t, i.id);
      assert.deepEqual(assignees(cur), [bob.id]);
      await fastForward(t, 10 * MIN);
      cur = await getIncident(t, i.id);
      assert.deepEqual(assignees(cur), [alice.id]);
      await fastForward(t, 120 * MIN);
      cur = await getIncident(t, i.id);
      assert.deepEqual(assignees(cur), [bob.id]);
      const escalations = (await logOf(t, i.id, start)).filter(([type]) => type === 'escalate');
      // Levels 2 (10 m), 1 again (20 m, first loop), 2 (30 m); then the path is exhausted.
      assert.deepEqual(escalations, [
        ['escalate', 10],
        ['escalate', 20],
        ['escalate', 30],
      ]);
      assert.deepEqual(cur.pending_actions.filter((p: { type: string }) => p.type === 'escalate'), []);
    });

    it('never escalates a low-urgency incident', async () => {
      const start = t.clock.now();
      const i = await createIncident(t, svc.id, { urgency: 'low' });
      await fastForward(t, 90 * MIN);
      const cur = await getIncident(t, i.id);
      assert.deepEqual(assignees(cur), [alice.id]);
      assert.deepEqual((await logOf(t, i.id, start)).filter(([type]) => type === 'escalate'), []);
    });

    it('stops escalating once acknowledged', async () => {
      const start = t.clock.now();
      const i = await createIncident(t, svc.id);
      await fastForward(t, 5 * MIN);
      await updateIncident(t, i.id, { status: 'acknowledged' });
      await fastForward(t, 25 * MIN);
      const cur = await getIncident(t, i.id);
      assert.equal(cur.status, 'acknowledged');
      assert.deepEqual(assignees(cur), [alice.id]);
      assert.deepEqual((await logOf(t, i.id, start)).filter(([type]) => type === 'escalate'), []);
    });

    it('re-triggers an acknowledged incident when the acknowledgement timeout passes, not before', async () => {
      const start = t.clock.now();
      const i = await createIncident(t, svc.id);
      await fastForward(t, 2 * MIN);
      await updateIncident(t, i.id, { status: 'acknowledged' });
      await fastForward(t, 30 * MIN - 1);
      assert.equal((await getIncident(t, i.id)).status, 'acknowledged');
      await fastForward(t, 1);
      const cur = await getIncident(t, i.id);
      assert.equal(cur.status, 'triggered');
      assert.deepEqual((await logOf(t, i.id, start)).filter(([type]) => type === 'unacknowledge'), [['unacknowledge', 32]]);
      // Escalation runs again from there.
      await fastForward(t, 10 * MIN);
      assert.deepEqual(assignees(await getIncident(t, i.id)), [bob.id]);
    });

    it('re-triggers when the acknowledgement timeout passes, and escalation starts again from level 1', async () => {
      const start = t.clock.now();
      const i = await createIncident(t, svc.id);
      await fastForward(t, 12 * MIN);
      assert.deepEqual(assignees(await getIncident(t, i.id)), [bob.id]);
      await updateIncident(t, i.id, { status: 'acknowledged' });
      await fastForward(t, 29 * MIN);
      assert.equal((await getIncident(t, i.id)).status, 'acknowledged');
      await fastForward(t, 1 * MIN);
      let cur = await getIncident(t, i.id);
      assert.equal(cur.status, 'triggered');
      const log = await logOf(t, i.id, start);
      assert.deepEqual(log.filter(([type]) => type === 'unacknowledge'), [['unacknowledge', 42]]);
      assert.deepEqual(assignees(cur), [alice.id]);
      await fastForward(t, 10 * MIN);
      cur = await getIncident(t, i.id);
      assert.deepEqual(assignees(cur), [bob.id]);
      assert.deepEqual((await logOf(t, i.id, start)).filter(([type]) => type === 'escalate').map(([, m]) => m), [10, 52]);
    });

    it('applies a policy change to open incidents from their next step', async () => {
      const carol = await buildUser(t, { name: 'Carol' });
      const ep2 = await buildEscalationPolicy(t, { rules: [[alice.id], [bob.id]], delay: 10 });
      const svc2 = await makeService(t, ep2.id);
      const i = await createIncident(t, svc2.id);
      await fastForward(t, 5 * MIN);
      const res = await t.request('PUT', `/escalation_policies/${ep2.id}`, {
        escalation_policy: {
          escalation_rules: [
            { escalation_delay_in_minutes: 10, targets: [{ id: alice.id, type: 'user_reference' }] },
            { escalation_delay_in_minutes: 10, targets: [{ id: carol.id, type: 'user_reference' }] },
          ],
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      // Still with Alice until the step that was already due.
      assert.deepEqual(assignees(await getIncident(t, i.id)), [alice.id]);
      await fastForward(t, 5 * MIN);
      assert.deepEqual(assignees(await getIncident(t, i.id)), [carol.id]);
    });

    it('restarts the escalation delay after a manual escalation with PUT escalation_level', async () => {
      const start = t.clock.now();
      const i = await createIncident(t, svc.id);
      await fastForward(t, 3 * MIN);
      const cur = await updateIncident(t, i.id, { escalation_level: 2 });
      assert.deepEqual(assignees(cur), [bob.id]);
      await fastForward(t, 10 * MIN - 1);
      assert.deepEqual(assignees(await getIncident(t, i.id)), [bob.id]);
      await fastForward(t, 1);
      assert.deepEqual(assignees(await getIncident(t, i.id)), [alice.id]);
      assert.deepEqual((await logOf(t, i.id, start)).filter(([type]) => type === 'escalate').map(([, m]) => m), [3, 13]);
    });

    it('takes effect exactly once: running the engine again at the same time changes nothing', async () => {
      const start = t.clock.now();
      const i = await createIncident(t, svc.id);
      await fastForward(t, 10 * MIN);
      await t.app.engine.runDue();
      await t.app.engine.runDue();
      assert.deepEqual((await logOf(t, i.id, start)).filter(([type]) => type === 'escalate'), [['escalate', 10]]);
    });
  });
});
