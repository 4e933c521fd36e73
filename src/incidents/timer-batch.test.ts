// The property that makes set-based timers safe: random event sequences with the clock moving on
// (escalations through a two-level policy that repeats, acknowledgement timeouts, auto-resolves,
// snoozes ending), with the engine's due timers applied set-based in batches and one by one, leave
// the same database: incidents, log entries, outbox rows (webhooks and email rules), timers,
// analytics marks. Ids are compared by where they first appear (testing/replay.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildTestApp, type TestApp } from '../testing/app.js';
import type { Dialect } from '../store/db.js';
import { inboundEvent } from '../events/model.js';
import { prng, replayAccount, snapshot } from '../testing/replay.js';

type Step = { events: Array<{ target: string; action: 'trigger' | 'acknowledge' | 'resolve'; key: string }>; snooze: number | null; advanceMs: number };

function script(seed: number, steps: number): Step[] {
  const r = prng(seed);
  return Array.from({ length: steps }, () => ({
    events: Array.from({ length: Math.floor(r() * 12) }, () => {
      const x = r();
      return { target: ['A', 'B', 'C'][Math.floor(r() * 3)], action: x < 0.6 ? 'trigger' : x < 0.85 ? 'acknowledge' : 'resolve', key: `k${Math.floor(r() * 10)}` } as const;
    }),
    snooze: r() < 0.2 ? 30 + Math.floor(r() * 150) : null,
    advanceMs: Math.floor(r() * 150_000),
  }));
}

/** The same account in every run: a two-level policy that repeats once (the owner, then Second). */
async function setup(t: TestApp): Promise<Map<string, { integrationId: string; serviceId: string }>> {
  const second = await t.request('POST', '/users', { user: { type: 'user', name: 'Second', email: 'second@example.com' } });
  assert.equal(second.statusCode, 201, second.body);
  const policy = {
    num_loops: 1,
    escalation_rules: [
      { escalation_delay_in_minutes: 1, targets: [{ id: t.ownerId, type: 'user_reference' }] },
      { escalation_delay_in_minutes: 2, targets: [{ id: second.json().user.id, type: 'user_reference' }] },
    ],
  };
  const integrations = (name: string) => ({ [name]: 'events_api_v2_inbound_integration' });
  return replayAccount(t, policy, {
    A: { settings: { acknowledgement_timeout: 120, auto_resolve_timeout: 600 }, integrations: integrations('A') },
    B: { settings: {}, integrations: integrations('B') },
    C: { settings: { acknowledgement_timeout: 60 }, integrations: integrations('C') },
  });
}

async function replay(dialect: Dialect, steps: Step[], setBased: boolean): Promise<{ snap: unknown; timers: number }> {
  const t = await buildTestApp(dialect, { TOCSIN_EVENTS_RATE_LIMIT: '100000', TOCSIN_SMTP_RELAY_URL: 'smtp://127.0.0.1:2525' }, { engine: { setBased } });
  const targets = await setup(t);
  let timers = 0;
  for (const step of steps) {
    for (const e of step.events) {
      await t.app.events.ingestEvent(targets.get(e.target)!, inboundEvent({ api: 'events_v2', action: e.action, dedupKey: e.key, summary: `${e.target} ${e.key}`, source: 'host', channel: 'api' }));
    }
    await t.app.events.processor.drain();
    if (step.snooze !== null) {
      // The oldest acknowledged incident, if any, is snoozed (its unsnooze timer comes due later).
      const list = await t.request('GET', '/incidents?statuses[]=acknowledged&sort_by=incident_number:asc&limit=1');
      const id = list.json().incidents[0]?.id;
      if (id) assert.equal((await t.request('POST', `/incidents/${id}/snooze`, { duration: step.snooze }, { headers: { from: 'owner@example.com' } })).statusCode, 201);
    }
    t.clock.advance(step.advanceMs);
    timers += await t.app.engine.runDue();
  }
  return { snap: await snapshot(t), timers };
}

forEachDialect((dialect) => {
  describe(`${dialect}: set-based timers give the result of one timer at a time`, () => {
    for (const seed of [1, 2]) {
      it(`seed ${seed}: 50 steps of events and minutes passing, timers in batches and one by one, leave the same database`, async () => {
        const steps = script(seed, 50);
        const one = await replay(dialect, steps, false);
        const set = await replay(dialect, steps, true);
        assert.equal(set.timers, one.timers);
        // Every kind of timer came due and did something.
        const logs = JSON.stringify((one.snap as { logs: unknown }).logs);
        for (const type of ['escalate_log_entry', 'repeat_escalation_path_log_entry', 'exhaust_escalation_path_log_entry', 'unacknowledge_log_entry', 'snooze_log_entry']) {
          assert.ok(logs.includes(type), `no ${type} in seed ${seed}`);
        }
        assert.ok(logs.includes('Resolved due to timeout'), `no auto-resolve in seed ${seed}`);
        assert.deepEqual(set.snap, one.snap);
      });
    }
  });
});
