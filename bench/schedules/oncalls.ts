// bench/schedules: GET /oncalls over 1,000 schedules and 1,000 escalation policies through a real
// listening server (sequential requests, timed), and what escalating to a schedule adds to an
// escalation step (escalateIncident on a schedule-target policy vs a user-target one).
// Usage: node --import tsx bench/schedules/oncalls.ts [sqlite|postgres] [requests=300]
import { escalateIncident } from '../../src/incidents/index.js';
import { BENCH_TOKEN as TOKEN, benchApp } from '../lib/app.js';
import { nearestRank } from '../lib/stats.js';
import { openBenchDatabase } from '../lib/database.js';

const dialect = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const REQUESTS = Number(process.argv[3] ?? 300);
const SCHEDULES = 1000;
const POLICIES = 1000;
const USERS = 50;
let now = Date.parse('2026-11-02T10:00:00Z');
const TEN_YEARS_AGO = '2016-11-01T00:00:00Z';


const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return `p50 ${nearestRank(s, 50).toFixed(2)} ms, p99 ${nearestRank(s, 99).toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms (n=${s.length})`;
};

const { database, cleanup } = await openBenchDatabase(dialect, 'bench');
const { app, req } = await benchApp(database, { now: () => now });

const t0 = performance.now();
const users: string[] = [];
for (let i = 0; i < USERS; i++) users.push((await req('POST', '/users', { user: { type: 'user', name: `User ${i}`, email: `u${i}@example.com`, role: 'user' } })).user.id);
// Each schedule: 3 layers of 1-hour turns from ten years ago, 4 users each, the top two restricted.
const layer = (k: number, j: number, restrictions: unknown[]) => ({
  start: TEN_YEARS_AGO,
  rotation_virtual_start: TEN_YEARS_AGO,
  rotation_turn_length_seconds: 3600,
  users: [0, 1, 2, 3].map((x) => ({ user: { id: users[(k * 3 + j * 7 + x) % USERS], type: 'user_reference' } })),
  restrictions,
});
const schedules: string[] = [];
for (let k = 0; k < SCHEDULES; k++) {
  const body = {
    schedule: {
      type: 'schedule',
      name: `Schedule ${k}`,
      time_zone: ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'UTC'][k % 4],
      schedule_layers: [
        layer(k, 0, []),
        layer(k, 1, [{ type: 'daily_restriction', start_time_of_day: '09:00:00', duration_seconds: 8 * 3600 }]),
        layer(k, 2, [{ type: 'weekly_restriction', start_day_of_week: 6, start_time_of_day: '00:00:00', duration_seconds: 2 * 86_400 }]),
      ],
    },
  };
  schedules.push((await req('POST', '/schedules', body)).schedule.id);
}
const policies: string[] = [];
for (let p = 0; p < POLICIES; p++) {
  const body = {
    escalation_policy: {
      type: 'escalation_policy',
      name: `Policy ${p}`,
      escalation_rules: [
        { escalation_delay_in_minutes: 10, targets: [{ id: schedules[p % SCHEDULES], type: 'schedule_reference' }] },
        { escalation_delay_in_minutes: 10, targets: [{ id: schedules[(p + 1) % SCHEDULES], type: 'schedule_reference' }, { id: users[p % USERS], type: 'user_reference' }] },
      ],
    },
  };
  policies.push((await req('POST', '/escalation_policies', body)).escalation_policy.id);
}
console.log(`${dialect}: seeded ${USERS} users, ${SCHEDULES} schedules, ${POLICIES} policies in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const { httpPort } = await app.start();
const base = `http://127.0.0.1:${httpPort}`;
// Wall time, and CPU time of this process (server and client share it; the kernel counts CPU in
// ticks): on a loaded machine the wall time is mostly waiting for a core.
async function timed(url: string, n: number): Promise<string> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const s = performance.now();
    const c = process.cpuUsage();
    const r = await fetch(base + url, { headers: { authorization: `Token token=${TOKEN}` } });
    const body = (await r.json()) as { oncalls?: unknown[]; total?: number };
    if (r.status !== 200 || !body.oncalls) throw new Error(`${url}: ${r.status} ${JSON.stringify(body).slice(0, 200)}`);
    const d = process.cpuUsage(c);
    if (i >= 20) {
      // the first 20 warm the caches and the JIT
      wall.push(performance.now() - s);
      cpu.push((d.user + d.system) / 1000);
    }
  }
  return `wall ${summary(wall)}; CPU ${summary(cpu)}`;
}
const check = await (await fetch(`${base}/oncalls?total=true`, { headers: { authorization: `Token token=${TOKEN}` } })).json();
console.log(`GET /oncalls total on-calls now: ${check.total}`);
console.log(`GET /oncalls                         ${await timed('/oncalls', REQUESTS)}`);
console.log(`GET /oncalls?limit=100&total=true    ${await timed('/oncalls?limit=100&total=true', REQUESTS)}`);
console.log(`GET /oncalls one day, earliest       ${await timed(`/oncalls?since=2026-11-02T10:00:00Z&until=2026-11-03T10:00:00Z&earliest=true`, Math.min(REQUESTS, 50))}`);

// Escalation step: the same manual escalation on an incident whose policy targets users vs schedules.
const userPolicy = await req('POST', '/escalation_policies', {
  escalation_policy: {
    type: 'escalation_policy',
    name: 'Users only',
    escalation_rules: [0, 1].map((j) => ({ escalation_delay_in_minutes: 10, targets: [{ id: users[j], type: 'user_reference' }] })),
  },
});
async function incidentOn(policyId: string): Promise<string> {
  const svc = await req('POST', '/services', { service: { type: 'service', name: `Svc ${policyId}`, escalation_policy: { id: policyId, type: 'escalation_policy_reference' } } });
  const inc = await req('POST', '/incidents', { incident: { type: 'incident', title: 'bench', service: { id: svc.service.id, type: 'service_reference' } } });
  return inc.incident.id;
}
const viaUsers = await incidentOn(userPolicy.escalation_policy.id);
const viaSchedules = await incidentOn(policies[0]);
async function escalations(id: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    now += 1000;
    const c = process.cpuUsage();
    await app.ctx.db.transaction().execute((tx) => escalateIncident(tx, app.ctx, id, { reason: 'manual', toLevel: (i % 2) + 1 }));
    const d = process.cpuUsage(c);
    if (i >= 20) out.push((d.user + d.system) / 1000);
  }
  return out;
}
const u: number[] = [];
const sc: number[] = [];
for (let round = 0; round < 5; round++) {
  u.push(...(await escalations(viaUsers, 60)));
  sc.push(...(await escalations(viaSchedules, 60)));
}
const med = (xs: number[]) => nearestRank([...xs].sort((a, b) => a - b), 50);
console.log(`escalation step CPU, user targets     ${summary(u)}`);
console.log(`escalation step CPU, schedule targets ${summary(sc)}`);
console.log(`added by schedules (CPU p50 difference) ${(med(sc) - med(u)).toFixed(2)} ms`);
await app.close();
await database.close();
await cleanup();
