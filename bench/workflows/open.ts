// bench/workflows: what two conditional workflow triggers whose conditions do not match add to
// opening an incident. Interleaves openIncident (in its own transaction, every hook listener
// included) on a service without triggers and on one with two, and times the workflows listener
// alone on the second service's incidents. Same process, same run, same load.
// Usage: node --import tsx bench/workflows/open.ts [sqlite|postgres] [incidents=2000]
import { openIncident } from '../../src/incidents/index.js';
import { benchApp } from '../lib/app.js';
import { nearestRank } from '../lib/stats.js';
import { openBenchDatabase } from '../lib/database.js';
import { onIncidentEvent, responsePort } from '../../src/workflows/index.js';

const dialect = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const N = Number(process.argv[3] ?? 2000);


const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: nearestRank(s, 50), p99: nearestRank(s, 99), max: s[s.length - 1] };
};
const fmt = (x: { p50: number; p99: number; max: number }) => `p50 ${x.p50.toFixed(3)} ms, p99 ${x.p99.toFixed(3)} ms, max ${x.max.toFixed(2)} ms`;

const { database, cleanup } = await openBenchDatabase(dialect, 'bench_flows');
const { app, req } = await benchApp(database);

const me = (await req('GET', '/users/me')).user.id;
const ep = (await req('POST', '/escalation_policies', { escalation_policy: { type: 'escalation_policy', name: 'bench', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me, type: 'user_reference' }] }] } })).escalation_policy.id;
const service = async (name: string) => (await req('POST', '/services', { service: { type: 'service', name, escalation_policy: { id: ep, type: 'escalation_policy_reference' } } })).service.id as string;
const plain = await service('no triggers');
const guarded = await service('two triggers');
const note = { name: 'Note', action_configuration: { action_id: 'pagerduty.com:incident-workflows:add-note:1', inputs: [{ name: 'Note', value: 'x' }] } };
for (const condition of ["incident.priority matches 'P1'", "incident.urgency matches 'high' and incident.title matches part 'database'"]) {
  const w = (await req('POST', '/incident_workflows', { incident_workflow: { name: condition, steps: [note] } })).incident_workflow.id;
  await req('POST', '/incident_workflows/triggers', { trigger: { trigger_type: 'conditional', condition, workflow: { id: w }, services: [{ id: guarded }] } });
}

const agent = { type: 'user' as const, id: me };
const openOn = async (serviceId: string, k: number) => {
  const t0 = performance.now();
  const i = await database.db.transaction().execute((tx) => openIncident(tx, app.ctx, { serviceId, title: `Web latency ${k}`, urgency: 'high', agent, channel: { type: 'api' } }));
  return { ms: performance.now() - t0, id: i.id };
};

// Warm-up, then interleaved: the same load falls on both cases.
for (let k = 0; k < 100; k++) {
  await openOn(plain, k);
  await openOn(guarded, k);
}
const without: number[] = [];
const withTwo: number[] = [];
const listener: number[] = [];
const ids: string[] = [];
for (let k = 0; k < N; k++) {
  without.push((await openOn(plain, k)).ms);
  const g = await openOn(guarded, k);
  withTwo.push(g.ms);
  ids.push(g.id);
}
for (const id of ids) {
  const t0 = performance.now();
  await onIncidentEvent(database.db, app.ctx, responsePort(app.ctx), { incidentId: id, eventType: 'incident.updated', agent, at: Date.now() });
  listener.push(performance.now() - t0);
}
const runs = (await database.db.selectFrom('incident_workflow_instances').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()) as { n: number | string };
const a = summary(without);
const b = summary(withTwo);
console.log(`dialect ${dialect}, n=${N} incidents per case, runs started: ${Number(runs.n)} (expected 0)`);
console.log(`open incident, no triggers:          ${fmt(a)}`);
console.log(`open incident, two triggers (no match): ${fmt(b)}`);
console.log(`added: p50 ${(b.p50 - a.p50).toFixed(3)} ms, p99 ${(b.p99 - a.p99).toFixed(3)} ms`);
console.log(`workflows listener alone (2 triggers, no match): ${fmt(summary(listener))}`);
await app.close();
await cleanup();
