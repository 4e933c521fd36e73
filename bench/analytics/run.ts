// bench/analytics: 1,000 services and 1,000,000 incidents (their analytics facts), then the
// 90-day per-service report and the all-services report through HTTP, timed; then each account-wide
// report read from every incident's facts (before) and from the rollup tiers (after), and the
// account's percentiles sorted from the facts (before) and from the duration histograms (after).
// Usage: node --import tsx bench/analytics/run.ts [sqlite|postgres] [incidents=1000000]
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { bootstrapOwner } from '../../src/accounts/index.js';
import { computeFacts, insertFactsBulk } from '../../src/analytics/index.js';
import { percentiles } from '../../src/analytics/percentiles.js';
import { metricRows, readFilter, type GroupBy } from '../../src/analytics/report.js';
import { rebuildRollups } from '../../src/analytics/store.js';
import { loadConfig } from '../../src/config.js';
import { openBenchDatabase } from '../lib/database.js';
import { nearestRank } from '../lib/stats.js';

const dialect = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const total = Number(process.argv[3] ?? 1_000_000);
const SERVICES = 1000;
const DAY = 86_400_000;
const TOKEN = 'bench_token_aaaaaaaaaa';
const now = Date.parse('2026-11-01T00:00:00Z');


const { database, cleanup } = await openBenchDatabase(dialect);
const config = loadConfig({ TOCSIN_PUBLIC_URL: 'http://bench.test', TOCSIN_REST_RATE_LIMIT: '1000000' });
const app = await createApp(config, { database, log: pino({ level: 'silent' }), clock: { now: () => now } });
await app.http.ready();
await bootstrapOwner(database.db, app.ctx, { email: 'owner@example.com', password: null, token: TOKEN });
const req = (method: 'GET' | 'POST', url: string, body?: unknown) =>
  app.http.inject({ method, url, headers: { authorization: `Token token=${TOKEN}`, from: 'owner@example.com' }, payload: body as object });

const ep = (await req('POST', '/escalation_policies', { escalation_policy: { type: 'escalation_policy', name: 'EP', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ type: 'user_reference', id: (await req('GET', '/users/me')).json().user.id }] }] } })).json().escalation_policy;
const services: string[] = [];
for (let i = 0; i < SERVICES; i++) {
  const r = await req('POST', '/services', { service: { type: 'service', name: `Service ${i}`, escalation_policy: { id: ep.id, type: 'escalation_policy_reference' } } });
  if (r.statusCode !== 201) throw new Error(r.body);
  services.push(r.json().service.id);
}

// One year of incidents spread evenly over the services; a third acknowledged, most resolved.
const t0 = Date.now();
let rng = 42;
const rand = () => ((rng = (rng * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const batch = [];
for (let n = 0; n < total; n++) {
  const created = now - Math.floor(rand() * 365 * DAY);
  const acked = rand() < 0.33 ? created + Math.floor(rand() * 3_600_000) : null;
  const resolved = rand() < 0.95 ? created + Math.floor(rand() * 10 * 3_600_000) + 60_000 : null;
  const entries = [{ type: 'trigger_log_entry', at: created, agent: { type: 'service', id: 'x' }, channelType: 'api' }];
  if (acked) entries.push({ type: 'acknowledge_log_entry', at: acked, agent: { type: 'user', id: 'PUSER01' }, channelType: 'website' });
  if (resolved) entries.push({ type: 'resolve_log_entry', at: Math.max(resolved, acked ?? 0), agent: rand() < 0.5 ? { type: 'user', id: 'PUSER01' } : { type: 'service', id: 'x' }, channelType: 'api' });
  batch.push(
    computeFacts(
      { id: `I${n.toString(36).padStart(8, '0')}`, serviceId: services[n % SERVICES], integrationId: null, teamId: null, escalationPolicyId: ep.id, urgency: rand() < 0.8 ? 'high' : 'low', status: resolved ? 'resolved' : 'triggered', createdAt: created, resolvedAt: resolved ? Math.max(resolved, acked ?? 0) : null, major: false },
      entries,
      1,
      now,
    ),
  );
  if (batch.length === 10_000) {
    await insertFactsBulk(database.db, batch.splice(0), now, { rollups: false });
  }
}
await insertFactsBulk(database.db, batch.splice(0), now, { rollups: false });
const seedSeconds = (Date.now() - t0) / 1000;
// The rollups of a bulk load: one GROUP BY per tier over the whole table, as the migration's backfill.
const t1 = Date.now();
await rebuildRollups(database.db);
const rollupSeconds = (Date.now() - t1) / 1000;

const range = { created_at_start: new Date(now - 90 * DAY).toISOString(), created_at_end: new Date(now).toISOString() };
async function time(label: string, runs: number, body: () => unknown, url = '/analytics/metrics/incidents/services') {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    const r = await req('POST', url, body());
    if (r.statusCode !== 200) throw new Error(r.body);
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label}: p50 ${nearestRank(ms, 50).toFixed(1)} ms, p99 ${nearestRank(ms, 99).toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms (${runs} runs)`);
}
console.log(`${dialect}: ${SERVICES} services, ${total} incidents seeded in ${seedSeconds.toFixed(0)} s, rollups built in ${rollupSeconds.toFixed(0)} s`);
let k = 0;
await time('90-day report, one service', 100, () => ({ filters: { ...range, service_ids: [services[k++ % SERVICES]] } }));
await time('90-day report, one service, by day', 50, () => ({ filters: { ...range, service_ids: [services[k++ % SERVICES]] }, aggregate_unit: 'day' }));
await time('90-day report, all 1,000 services', 20, () => ({ filters: range }));
await time('90-day account report with percentiles', 20, () => ({ filters: range }), '/analytics/metrics/incidents/all');
// Before (every incident's facts, as before the rollups) and after (rollups), the same reports in
// the same process, called below HTTP so only the reading differs.
async function direct(label: string, runs: number, body: object, groupBy: GroupBy, from: 'rollups' | 'facts') {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await metricRows(database.db, body, groupBy, now, from);
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label} [${from}]: p50 ${nearestRank(ms, 50).toFixed(1)} ms, p99 ${nearestRank(ms, 99).toFixed(1)} ms (${runs} runs)`);
}
const reports: Array<[string, object, GroupBy]> = [
  ['account, all services', { filters: range }, 'service_id'],
  ['account, one row', { filters: range }, null],
  ['account, by team', { filters: range }, 'team_id'],
  ['account, by escalation policy', { filters: range }, 'escalation_policy_id'],
  ['account, by integration', { filters: range }, 'integration_id'],
  ['account, by day', { filters: range, aggregate_unit: 'day' }, null],
  ['account, by day, Europe/Paris', { filters: range, aggregate_unit: 'day', time_zone: 'Europe/Paris' }, null],
  ['account, by day, Asia/Kolkata', { filters: range, aggregate_unit: 'day', time_zone: 'Asia/Kolkata' }, null],
  ['account, by day, high urgency', { filters: { ...range, urgency: 'high' }, aggregate_unit: 'day' }, null],
  ['account, by week, Europe/Paris', { filters: range, aggregate_unit: 'week', time_zone: 'Europe/Paris' }, null],
  ['all services, by month', { filters: range, aggregate_unit: 'month' }, 'service_id'],
];
const runs = Number(process.env.BENCH_RUNS ?? 10);
// BENCH_REPORTS: only the reports whose label matches this regular expression (a rerun of a few).
const only = new RegExp(process.env.BENCH_REPORTS ?? '');
for (const [label, body, groupBy] of reports.filter(([label]) => only.test(label))) {
  await direct(label, Math.max(3, Math.floor(runs / 3)), body, groupBy, 'facts');
  await direct(label, runs, body, groupBy, 'rollups');
}
// Percentiles: exact (every duration sorted in the process, before) and from the histograms (after).
const { filter } = readFilter({ filters: range }, now);
for (const exact of [true, false]) {
  const ms: number[] = [];
  for (let i = 0; i < (exact ? Math.max(3, Math.floor(runs / 3)) : runs); i++) {
    const s = performance.now();
    await percentiles(database.db, filter, exact);
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  console.log(`account percentiles [${exact ? 'sorted facts' : 'histograms'}]: p50 ${nearestRank(ms, 50).toFixed(1)} ms, p99 ${nearestRank(ms, 99).toFixed(1)} ms (${ms.length} runs)`);
}
console.log('percentiles, exact vs histograms:', JSON.stringify(await percentiles(database.db, filter, true)), JSON.stringify(await percentiles(database.db, filter)));
console.log(`RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
await app.close();
await database.close();
await cleanup();
