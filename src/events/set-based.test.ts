// The property that makes set-based processing safe: random event sequences (trigger, acknowledge,
// resolve; repeated and distinct dedup keys; several services, two integrations sharing keys, a
// disabled service, one in maintenance, one with alert grouping, a v1 `create_incidents` one)
// replayed set-based in batches and one event at a time leave the same database: incidents,
// alerts, log entries, outbox rows, timers, analytics marks, service stamps and every event's
// outcome. Generated ids differ between two runs, so they are compared by where they first appear.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildTestApp, type TestApp } from '../testing/app.js';
import type { Dialect } from '../store/db.js';
import { inboundEvent } from './model.js';
import { EventProcessor, type ProcessorOptions } from './processor.js';
import { prng, replayAccount, snapshot } from '../testing/replay.js';

interface Target {
  integration: string;
  api: 'events_v2' | 'events_v1';
}

interface Script {
  chunks: Array<{ advanceMs: number; events: Array<{ target: string; api: Target['api']; action: 'trigger' | 'acknowledge' | 'resolve'; key: string; severity: string; summary: string }> }>;
}

const TARGETS: Array<Target & { weight: number }> = [
  { integration: 'A1', api: 'events_v2', weight: 5 },
  { integration: 'A2', api: 'events_v2', weight: 3 },
  { integration: 'B1', api: 'events_v2', weight: 4 },
  { integration: 'C1', api: 'events_v2', weight: 1 },
  { integration: 'D1', api: 'events_v2', weight: 1 },
  { integration: 'E1', api: 'events_v2', weight: 2 },
  { integration: 'F1', api: 'events_v1', weight: 2 },
  { integration: 'F2', api: 'events_v1', weight: 1 },
];

function script(seed: number, total: number): Script {
  const r = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const weightSum = TARGETS.reduce((s, x) => s + x.weight, 0);
  const chunks: Script['chunks'] = [];
  let n = 0;
  while (n < total) {
    const size = Math.min(total - n, 1 + Math.floor(r() ** 2 * 80));
    const events: Script['chunks'][number]['events'] = [];
    for (let k = 0; k < size; k++, n++) {
      let w = r() * weightSum;
      const target = TARGETS.find((x) => (w -= x.weight) < 0) ?? TARGETS[0];
      const x = r();
      const action = x < 0.55 ? 'trigger' : x < 0.75 ? 'acknowledge' : 'resolve';
      // Mostly a few shared keys (dedup, ack/resolve of open alerts, re-trigger after resolve), some distinct.
      const key = r() < 0.8 ? `k${Math.floor(r() * 6)}` : `u${n}`;
      events.push({ target: target.integration, api: target.api, action, key, severity: pick(['critical', 'error', 'warning', 'info']), summary: `event ${n}` });
    }
    chunks.push({ advanceMs: Math.floor(r() * 20_000), events });
  }
  return { chunks };
}

/** The same account in every run, with a disabled service (C) and one in maintenance (D). */
async function setup(t: TestApp): Promise<Map<string, { integrationId: string; serviceId: string }>> {
  const ok = (r: { statusCode: number; body: string }, code = 201) => assert.equal(r.statusCode, code, r.body);
  const settings: Record<string, Record<string, unknown>> = {
    A: { acknowledgement_timeout: 600, auto_resolve_timeout: 3600 },
    B: { incident_urgency_rule: { type: 'constant', urgency: 'severity_based' } },
    C: {},
    D: {},
    E: { alert_grouping_parameters: { type: 'time', config: { timeout: 0 } } },
    F: { alert_creation: 'create_incidents' },
  };
  const services = Object.fromEntries(
    Object.entries(settings).map(([name, service]) => {
      const mine = TARGETS.filter((x) => x.integration.startsWith(name));
      const integrations = Object.fromEntries(mine.map((x) => [x.integration, x.api === 'events_v1' ? 'generic_events_api_inbound_integration' : 'events_api_v2_inbound_integration']));
      return [name, { settings: service, integrations }];
    }),
  );
  const ids = await replayAccount(t, { escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: t.ownerId, type: 'user_reference' }] }] }, services);
  ok(await t.request('PUT', `/services/${ids.get('C1')!.serviceId}`, { service: { status: 'disabled' } }), 200);
  const now = t.clock.now();
  ok(
    await t.request(
      'POST',
      '/maintenance_windows',
      {
        maintenance_window: {
          type: 'maintenance_window',
          start_time: new Date(now - 60_000).toISOString(),
          end_time: new Date(now + 24 * 3_600_000).toISOString(),
          services: [{ id: ids.get('D1')!.serviceId, type: 'service_reference' }],
        },
      },
      { headers: { from: 'owner@example.com' } },
    ),
  );
  return ids;
}

async function replay(dialect: Dialect, s: Script, opts: ProcessorOptions): Promise<{ snap: unknown; stats: EventProcessor['stats'] }> {
  const t = await buildTestApp(dialect, { TOCSIN_EVENTS_RATE_LIMIT: '100000' });
  const targets = await setup(t);
  const processor = new EventProcessor(t.app.ctx, opts);
  for (const chunk of s.chunks) {
    await Promise.all(
      chunk.events.map((e) =>
        t.app.events.ingestEvent(targets.get(e.target)!, inboundEvent({ api: e.api, action: e.action, dedupKey: e.key, summary: e.summary, severity: e.severity as never, source: 'host', channel: 'api' })),
      ),
    );
    await processor.drain();
    t.clock.advance(chunk.advanceMs);
  }
  return { snap: await snapshot(t), stats: processor.stats };
}

forEachDialect((dialect) => {
  describe(`${dialect}: set-based processing gives the result of one event at a time`, () => {
    for (const seed of [1, 2]) {
      it(`seed ${seed}: 300 random events, in batches and one by one, leave the same database`, async () => {
        const s = script(seed, 300);
        const one = await replay(dialect, s, { setBased: false, batchSize: 1 });
        const set = await replay(dialect, s, { batchSize: 100 });
        // The runs differ in how they worked: set-based ran far fewer, larger batches.
        assert.equal(one.stats.batches, 300);
        assert.ok(set.stats.batches < 100, `set-based batches: ${set.stats.batches}`);
        // Every case the processor knows came up.
        const outcomes = new Set((one.snap as { inbox: Array<{ outcome: string }> }).inbox.map((e) => e.outcome));
        for (const o of ['alert_created', 'deduplicated', 'acknowledged', 'resolved', 'dropped_no_open_alert', 'dropped_service_disabled', 'dropped_maintenance', 'grouped', 'incident_created']) {
          assert.ok(outcomes.has(o), `no ${o} in seed ${seed}`);
        }
        assert.deepEqual(set.snap, one.snap);
      });
    }
  });
});
