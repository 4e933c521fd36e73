import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { computeFacts, type FactEntry, type FactIncident } from './model.js';
import { percentiles } from './percentiles.js';
import { metricRows, readFilter } from './report.js';
import { upsertFacts } from './store.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const min = (n: number) => T0 + n * 60_000;
const svc = { type: 'service', id: 'S' };

function inc(id: string, serviceId: string, createdMin: number, over: Partial<FactIncident> = {}): FactIncident {
  return {
    id,
    serviceId,
    integrationId: `I-${serviceId}`,
    teamId: null,
    escalationPolicyId: 'EP',
    urgency: 'high',
    status: 'resolved',
    createdAt: min(createdMin),
    resolvedAt: null,
    major: false,
    ...over,
  };
}

forEachDialect((dialect) => {
  describe(`${dialect}: analytics reports`, async () => {
    const { db } = await openTestDatabase(dialect);
    // Service A: two incidents. #1 acked at 10 min, resolved by a user at 60 min.
    // #2 (next day) never acked, auto-resolved after 240 min. Service B: one low-urgency, open.
    const facts = [
      computeFacts(
        inc('A1', 'A', 0, { resolvedAt: min(60) }),
        [
          { type: 'trigger_log_entry', at: min(0), agent: svc, channelType: 'api' },
          { type: 'acknowledge_log_entry', at: min(10), agent: { type: 'user', id: 'U1' }, channelType: 'website' },
          { type: 'resolve_log_entry', at: min(60), agent: { type: 'user', id: 'U1' }, channelType: 'website' },
        ] as FactEntry[],
        2,
        min(5000),
      ),
      computeFacts(
        inc('A2', 'A', 1440, { resolvedAt: min(1440 + 240) }),
        [
          { type: 'trigger_log_entry', at: min(1440), agent: svc, channelType: 'api' },
          { type: 'escalate_log_entry', at: min(1470), agent: svc, channelType: 'timeout' },
          { type: 'resolve_log_entry', at: min(1680), agent: svc, channelType: 'timeout' },
        ] as FactEntry[],
        1,
        min(5000),
      ),
      computeFacts(inc('B1', 'B', 30, { status: 'triggered', urgency: 'low' }), [], 5, min(5000)),
    ];
    await upsertFacts(db, facts, min(5000));
    const range = { created_at_start: '2026-03-02T00:00:00Z', created_at_end: '2026-03-05T00:00:00Z' };

    it('aggregates per service with hand-computed figures', async () => {
      const { rows } = await metricRows(db, { filters: range }, 'service_id', min(5000));
      assert.deepEqual(rows.map((r) => r.group), ['A', 'B']);
      const a = rows[0].metrics;
      assert.equal(a.total_incident_count, 2);
      assert.equal(a.mean_seconds_to_resolve, (3600 + 14400) / 2);
      assert.equal(a.mean_seconds_to_first_ack, 600);
      assert.equal(a.total_incidents_acknowledged, 1);
      assert.equal(a.total_incidents_auto_resolved, 1);
      assert.equal(a.total_incidents_timeout_escalated, 1);
      assert.equal(a.total_escalation_count, 1);
      assert.equal(a.up_time_pct, 100);
      assert.equal(rows[0].alerts, 3);
      const b = rows[1].metrics;
      assert.equal(b.total_incident_count, 1);
      assert.equal(b.mean_seconds_to_resolve, null);
    });

    it('answers an integer for every figure the schema types integer (means rounded), a number only for up_time_pct', async () => {
      const { rows } = await metricRows(db, { filters: range }, 'service_id', min(5000));
      // Service A: one of its two incidents had an engaged user, so the exact mean is 0.5.
      assert.equal(rows[0].metrics.mean_engaged_user_count, 1);
      for (const r of [...rows, ...(await metricRows(db, { filters: range }, null, min(5000))).rows]) {
        for (const [k, v] of Object.entries(r.metrics)) {
          if (k === 'up_time_pct') assert.equal(typeof v, 'number');
          else assert.ok(v === null || Number.isInteger(v), `${k} = ${v}`);
        }
      }
    });

    it('filters by urgency and service, and buckets by day', async () => {
      const low = await metricRows(db, { filters: { ...range, urgency: 'low' } }, null, min(5000));
      assert.equal(low.rows.length, 1);
      assert.equal(low.rows[0].metrics.total_incident_count, 1);
      const daily = await metricRows(db, { filters: { ...range, service_ids: ['A'] }, aggregate_unit: 'day' }, 'service_id', min(5000));
      assert.deepEqual(
        daily.rows.map((r) => [r.range_start, r.metrics.total_incident_count]),
        [
          ['2026-03-02T00:00:00', 1],
          ['2026-03-03T00:00:00', 1],
        ],
      );
    });

    it('computes nearest-rank percentiles over the filtered incidents', async () => {
      const { filter } = readFilter({ filters: range }, min(5000));
      const p = await percentiles(db, filter);
      assert.equal(p.p50_seconds_to_resolve, 3600);
      assert.equal(p.p95_seconds_to_resolve, 14400);
      assert.equal(p.p50_seconds_to_first_ack, 600);
    });

    it('refuses a range over a year and an unknown time zone', () => {
      const detail = (re: RegExp) => (err: unknown) => re.test((err as { details: string[] }).details.join(' '));
      assert.throws(() => readFilter({ filters: { created_at_start: '2024-01-01T00:00:00Z', created_at_end: '2026-01-01T00:00:00Z' } }, 0), detail(/one year/));
      assert.throws(() => readFilter({ time_zone: 'Mars/Olympus' }, Date.now()), detail(/time zone/));
    });
  });
});
