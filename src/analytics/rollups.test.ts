import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { computeFacts, type FactEntry, type FactIncident, type IncidentFacts } from './model.js';
import { durationHistogram, histogramsAnswer, percentiles } from './percentiles.js';
import { metricRows, readFilter, type AnalyticsRequest, type GroupBy } from './report.js';
import { planHours } from './hours.js';
import { planSpans } from './rollups.js';
import { up as backfillHours } from '../store/migrations/2026_12_06_2100_analytics_create_rollup_hours.js';
import { insertFactsBulk, rebuildRollups, upsertFacts } from './store.js';
import { monthStartSql } from './tiers.js';

const DAY = 86_400_000;
// Around Europe's and the US's autumn DST changes, so day buckets in those zones are 23 or 25 hours;
// 75 days, so whole weeks and whole months (October, November) fall inside some requests.
const T0 = Date.parse('2026-09-20T00:00:00Z');
const NOW = T0 + 85 * DAY;

function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function randomFacts(r: () => number, id: string): IncidentFacts {
  const createdAt = T0 + Math.floor(r() * 75 * DAY);
  const user = () => ({ type: 'user', id: pick(r, ['U1', 'U2', 'U3']) });
  const service = { type: 'service', id: 'x' };
  const entries: FactEntry[] = [{ type: 'trigger_log_entry', at: createdAt, agent: service, channelType: 'api' }];
  let at = createdAt;
  for (let n = Math.floor(r() * 6); n > 0; n--) {
    at += Math.floor(r() * 3_600_000);
    const type = pick(r, ['acknowledge_log_entry', 'assign_log_entry', 'escalate_log_entry', 'notify_log_entry', 'snooze_log_entry']);
    entries.push({ type, at, agent: r() < 0.6 ? user() : service, channelType: pick(r, ['website', 'timeout', 'auto']), userId: 'U1' });
  }
  const resolved = r() < 0.7 ? at + Math.floor(r() * 7_200_000) : null;
  if (resolved !== null) entries.push({ type: 'resolve_log_entry', at: resolved, agent: r() < 0.5 ? user() : service, channelType: 'api' });
  const inc: FactIncident = {
    id,
    serviceId: pick(r, ['S1', 'S2', 'S3', 'S4']),
    integrationId: pick(r, [null, 'I1', 'I2']),
    teamId: pick(r, [null, 'T1', 'T2']),
    escalationPolicyId: pick(r, [null, 'E1', 'E2']),
    priorityId: pick(r, [null, 'P1']),
    urgency: pick(r, ['high', 'low'] as const),
    status: resolved === null ? 'triggered' : 'resolved',
    createdAt,
    resolvedAt: resolved,
    major: r() < 0.05,
  };
  return computeFacts(inc, entries, Math.floor(r() * 4), NOW);
}

function randomRequest(r: () => number): AnalyticsRequest {
  // Starts and ends on UTC midnights, on local midnights elsewhere, or anywhere.
  const instant = () => T0 - 2 * DAY + Math.floor(r() * 80) * DAY + pick(r, [0, 0, 4 * 3_600_000, Math.floor(r() * DAY)]);
  let [a, b] = [instant(), instant()];
  if (a === b) b += DAY;
  if (a > b) [a, b] = [b, a];
  const filters: NonNullable<AnalyticsRequest['filters']> = { created_at_start: new Date(a).toISOString(), created_at_end: new Date(b).toISOString() };
  if (r() < 0.2) filters.service_ids = [pick(r, ['S1', 'S2', 'S3'])];
  if (r() < 0.2) filters.team_ids = ['T1', 'T2'].slice(0, 1 + Math.floor(r() * 2));
  if (r() < 0.15) filters.escalation_policy_ids = ['E2'];
  if (r() < 0.15) filters.integration_ids = ['I1'];
  if (r() < 0.15) filters.priority_ids = ['P1'];
  if (r() < 0.2) filters.urgency = pick(r, ['high', 'low'] as const);
  if (r() < 0.15) filters.major = r() < 0.5;
  if (r() < 0.1) filters.min_ackowledgements = 1;
  return {
    filters,
    time_zone: pick(r, ['Etc/UTC', 'Etc/UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata']),
    aggregate_unit: pick(r, [undefined, 'day', 'week', 'month'] as const),
  };
}

const H = 3_600_000;

describe('planSpans', () => {
  it('reads the cut edges of the range from the facts, and a cut day from the rollups with its smaller side moved', () => {
    const s = T0 + H;
    // Bucket 1 starts 1 h into day 2 (the head moves), bucket 2 at 23 h into day 3 (the tail moves).
    const plan = planSpans(s, T0 + 5 * DAY + H, [T0 + 2 * DAY + H, T0 + 3 * DAY + 23 * H]);
    assert.deepEqual(plan.facts, [[s, T0 + DAY], [T0 + 5 * DAY, T0 + 5 * DAY + H]]);
    assert.deepEqual(plan.rollupDays, [[T0 + DAY, T0 + 5 * DAY]]);
    assert.deepEqual(plan.thresholds, [T0 + 2 * DAY, T0 + 4 * DAY]);
    assert.deepEqual(plan.heads, [[T0 + 2 * DAY, T0 + 2 * DAY + H]]);
    assert.deepEqual(plan.tails, [[T0 + 3 * DAY + 23 * H, T0 + 4 * DAY]]);
    assert.deepEqual(plan.blocks, { days: [[T0 + DAY, T0 + 5 * DAY]], weeks: [], months: [] });
  });

  it('reads a day that two boundaries cut from the facts', () => {
    const plan = planSpans(T0, T0 + 3 * DAY, [T0 + DAY + H, T0 + DAY + 20 * H]);
    assert.deepEqual(plan.facts, [[T0 + DAY, T0 + 2 * DAY]]);
    assert.deepEqual(plan.rollupDays, [[T0, T0 + DAY], [T0 + 2 * DAY, T0 + 3 * DAY]]);
  });

  it('covers 90 days with the fewest day, week and month blocks, none across a bucket', () => {
    const at = (d: string) => Date.parse(`${d}T00:00:00Z`);
    const whole = planSpans(at('2026-08-03'), at('2026-11-01'), []);
    assert.deepEqual(whole.blocks, {
      days: [[at('2026-08-31'), at('2026-09-01')]],
      weeks: [at('2026-08-03'), at('2026-08-10'), at('2026-08-17'), at('2026-08-24')],
      months: [at('2026-09-01'), at('2026-10-01')],
    });
    // A bucket starting on Wednesday 2026-09-09: no block crosses it.
    const cut = planSpans(at('2026-09-07'), at('2026-09-21'), [at('2026-09-09')]);
    assert.deepEqual(cut.blocks, { days: [[at('2026-09-07'), at('2026-09-14')]], weeks: [at('2026-09-14')], months: [] });
  });
});

describe('planHours', () => {
  it('reads whole UTC hours from the account tier, the range\'s edges and the hours a boundary cuts from the facts', () => {
    const s = T0 + 20 * 60_000;
    // Europe/Paris midnights (whole hours) cut no hour; Asia/Kolkata ones (18:30 UTC) cut one each.
    const paris = planHours(s, T0 + 3 * DAY + 90 * 60_000, [T0 + DAY - 2 * H, T0 + 2 * DAY - 2 * H]);
    assert.deepEqual(paris, { hours: [T0 + H, T0 + 3 * DAY + H], cut: [], edges: [[s, T0 + H], [T0 + 3 * DAY + H, T0 + 3 * DAY + 90 * 60_000]] });
    const kolkata = planHours(T0, T0 + 3 * DAY, [T0 + 18.5 * H, T0 + DAY + 18.5 * H, T0 + 2 * DAY + 18.5 * H]);
    assert.deepEqual(kolkata, { hours: [T0, T0 + 3 * DAY], cut: [T0 + 18 * H, T0 + DAY + 18 * H, T0 + 2 * DAY + 18 * H], edges: [] });
    assert.deepEqual(planHours(T0 + 10 * 60_000, T0 + 50 * 60_000, []), { hours: null, cut: [], edges: [[T0 + 10 * 60_000, T0 + 50 * 60_000]] });
  });
});

describe('monthStartSql', () => {
  forEachDialect((dialect) => {
    it(`${dialect}: gives the first instant of the UTC month, leap years and month ends included`, async () => {
      const { db } = await openTestDatabase(dialect);
      const instants = ['1970-01-01T00:00:00Z', '2000-02-29T23:59:59Z', '2024-02-29T12:00:00Z', '2026-12-31T23:59:59.999Z', '2100-03-01T00:00:00Z', '2027-01-01T00:00:00Z'].map(Date.parse);
      for (const t of instants) {
        const { rows } = await sql<{ m: number }>`select ${sql.raw(monthStartSql(String(t)))} as m`.execute(db);
        const d = new Date(t);
        assert.equal(Number(rows[0].m), Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), new Date(t).toISOString());
      }
    });
  });
});

forEachDialect((dialect) => {
  describe(`${dialect}: analytics from rollups equals analytics from facts`, async () => {
    const { db } = await openTestDatabase(dialect);
    const r = rng(dialect === 'sqlite' ? 7 : 11);
    const facts = Array.from({ length: 600 }, (_, i) => randomFacts(r, `F${i}`));
    // Some arrive in bulk, some one refresh at a time; then a third change (new log entries, a new
    // team or service, resolved…), which moves them between rollup rows.
    await insertFactsBulk(db, facts.slice(0, 300), NOW);
    for (let i = 300; i < 600; i += 50) await upsertFacts(db, facts.slice(i, i + 50), NOW);
    const changed = facts.filter(() => r() < 0.33).map((f) => randomFacts(r, f.incidentId));
    for (let i = 0; i < changed.length; i += 50) await upsertFacts(db, changed.slice(i, i + 50), NOW);

    const snapshot = async () => ({
      days: (await sql`select * from analytics_rollups where total_incident_count <> 0 order by day, service_id, team_id, escalation_policy_id, integration_id, priority_id, urgency`.execute(db)).rows,
      periods: (await sql`select * from analytics_rollup_periods where total_incident_count <> 0 order by tier, period, service_id, team_id, escalation_policy_id, integration_id, priority_id, urgency`.execute(db)).rows,
      durations: (await sql`select * from analytics_duration_histograms where n <> 0 order by tier, period, metric, lo`.execute(db)).rows,
      hours: (await sql`select * from analytics_rollup_hours where total_incident_count <> 0 order by hour, priority_id, urgency`.execute(db)).rows,
    });

    it('every tier holds every incident that is not major, once', async () => {
      const facts = await sql<{ n: number }>`select count(*) as n from incident_facts where major = 0`.execute(db);
      assert.ok(Number(facts.rows[0].n) > 500);
      const days = await sql<{ n: number }>`select sum(total_incident_count) as n from analytics_rollups`.execute(db);
      assert.equal(Number(days.rows[0].n), Number(facts.rows[0].n));
      for (const tier of ['week', 'month']) {
        const rows = await sql<{ n: number }>`select sum(total_incident_count) as n from analytics_rollup_periods where tier = ${tier}`.execute(db);
        assert.equal(Number(rows.rows[0].n), Number(facts.rows[0].n), tier);
      }
      const hours = await sql<{ n: number }>`select sum(total_incident_count) as n from analytics_rollup_hours`.execute(db);
      assert.equal(Number(hours.rows[0].n), Number(facts.rows[0].n), 'hours');
    });

    it('rebuilding the rollups in one pass gives what the changes one by one gave', async () => {
      const incremental = await snapshot();
      await rebuildRollups(db);
      const rebuilt = await snapshot();
      assert.deepEqual(rebuilt, incremental);
      assert.ok(rebuilt.periods.length > 100);
      assert.ok(rebuilt.durations.length > 100);
      assert.ok(rebuilt.hours.length > 300, `${rebuilt.hours.length} hour rows`);
    });

    it("the account tier's migration backfills what the changes one by one gave", async () => {
      const incremental = await snapshot();
      await sql`drop table analytics_rollup_hours`.execute(db);
      await backfillHours(db);
      assert.deepEqual((await snapshot()).hours, incremental.hours);
    });

    it('account-wide duration histograms are the same from the tiers as from the facts, and percentiles within 1/128', async () => {
      let compared = 0;
      for (let n = 0; n < 60; n++) {
        const req = randomRequest(r);
        const { filter } = readFilter({ filters: { created_at_start: req.filters!.created_at_start, created_at_end: req.filters!.created_at_end, major: r() < 0.2 ? false : undefined } }, NOW);
        assert.ok(histogramsAnswer(filter));
        assert.deepEqual(await durationHistogram(db, filter, 'rollups'), await durationHistogram(db, filter, 'facts'), JSON.stringify(filter));
        const approx = await percentiles(db, filter);
        const exact = await percentiles(db, filter, true);
        for (const [k, v] of Object.entries(exact)) {
          if (v === null) assert.equal(approx[k], null);
          else {
            assert.ok(Math.abs(approx[k]! - v) <= v / 128, `${k}: ${approx[k]} for ${v}`);
            compared++;
          }
        }
      }
      assert.ok(compared > 300, `${compared} percentiles compared`);
    });

    it('every report, 300 random requests, is identical both ways', async () => {
      const groups: GroupBy[] = [null, 'service_id', 'team_id', 'escalation_policy_id', 'integration_id'];
      let nonEmpty = 0;
      let months = 0;
      for (let n = 0; n < 300; n++) {
        const req = randomRequest(r);
        months += planSpans(Date.parse(req.filters!.created_at_start!), Date.parse(req.filters!.created_at_end!), []).blocks.months.length;
        const groupBy = pick(r, groups);
        const fromRollups = await metricRows(db, req, groupBy, NOW, 'rollups');
        const fromFacts = await metricRows(db, req, groupBy, NOW, 'facts');
        assert.deepEqual(fromRollups.rows, fromFacts.rows, JSON.stringify({ req, groupBy }));
        if (fromFacts.rows.length) nonEmpty++;
      }
      assert.ok(nonEmpty > 200, `${nonEmpty} non-empty reports`);
      assert.ok(months > 10, `${months} month blocks read`);
    });

    it('every account-wide report (the account tier), in zones with DST changes and a half-hour offset, is identical both ways', async () => {
      const at = (d: string) => new Date(Date.parse(d)).toISOString();
      // Whole UTC days over both autumn DST changes, local midnights, and ranges cut anywhere.
      const ranges: Array<[string, string]> = [
        ['2026-09-21T00:00:00Z', '2026-11-30T00:00:00Z'],
        ['2026-09-30T22:00:00Z', '2026-11-02T23:00:00Z'],
        ['2026-10-04T18:30:00Z', '2026-11-08T18:30:00Z'],
        ['2026-10-20T07:13:00Z', '2026-11-04T16:48:20Z'],
        ['2026-10-25T00:20:00Z', '2026-10-25T00:50:00Z'],
      ];
      const filters: Array<NonNullable<AnalyticsRequest['filters']>> = [{}, { urgency: 'high' }, { priority_ids: ['P1'] }, { urgency: 'low', priority_ids: ['P1'] }, { major: false }, { major: true }];
      let compared = 0;
      for (const [a, b] of ranges) {
        for (const time_zone of ['Etc/UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata']) {
          for (const aggregate_unit of [undefined, 'day', 'week', 'month'] as const) {
            const req: AnalyticsRequest = { filters: { created_at_start: at(a), created_at_end: at(b), ...pick(r, filters) }, time_zone, aggregate_unit };
            const fromRollups = await metricRows(db, req, null, NOW, 'rollups');
            assert.deepEqual(fromRollups.rows, (await metricRows(db, req, null, NOW, 'facts')).rows, JSON.stringify(req));
            compared += fromRollups.rows.length;
          }
        }
      }
      assert.ok(compared > 400, `${compared} rows compared`);
    });
  });
});
