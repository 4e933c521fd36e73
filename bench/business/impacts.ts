// bench/business: GET /business_services/impacts (every business service by ids[]) and what a status
// update's recipients cost (businessServicesImpactedBy) over 200 business services, 1,000 technical
// services, ~2,400 dependencies (three levels: technical → technical → business → business, with
// cycles) and 500 open incidents, in-process (Fastify inject), sequential, timed.
// Usage: node --import tsx bench/business/impacts.ts [sqlite|postgres] [requests=50]
import { businessServicesImpactedBy } from '../../src/business/index.js';
import { insertBusinessService, insertDependency } from '../../src/business/store.js';
import { makePolicy, makeService } from '../../src/incidents/test-fixtures.js';
import { buildTestApp, OWNER_EMAIL } from '../../src/testing/app.js';

const dialect = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const REQUESTS = Number(process.argv[3] ?? 50);
const t = await buildTestApp(dialect);
const ctx = t.app.ctx;
const policy = await makePolicy(ctx, [[t.ownerId]]);
const services: string[] = [];
for (let i = 0; i < 1000; i++) services.push(await makeService(ctx, policy));
const business: string[] = [];
for (let i = 0; i < 200; i++) {
  const id = ctx.ids.id();
  await insertBusinessService(ctx.db, { id, name: `B${String(i).padStart(3, '0')}`, description: null, pointOfContact: null, teamId: null, createdAt: 0 });
  business.push(id);
}
const pairs = new Set<string>();
const dep = async (st: 'service' | 'business_service', s: string, dt: 'service' | 'business_service', d: string) => {
  if (pairs.has(`${s}>${d}`)) return;
  pairs.add(`${s}>${d}`);
  await insertDependency(ctx.db, { id: ctx.ids.id(), supporting: { type: st, id: s }, dependent: { type: dt, id: d } }, 0);
};
for (let i = 0; i < 1000; i++) {
  await dep('service', services[i], 'service', services[(i * 7 + 1) % 1000]);
  await dep('service', services[i], 'business_service', business[i % 200]);
}
for (let i = 0; i < 200; i++) {
  await dep('business_service', business[i], 'business_service', business[(i + 1) % 200]);
  await dep('service', services[(i * 13) % 1000], 'business_service', business[(i * 3) % 200]);
}
const priorities = (await t.request('GET', '/priorities')).json().priorities as Array<{ id: string }>;
let last = '';
for (let i = 0; i < 500; i++) {
  const res = await t.request('POST', '/incidents', { incident: { type: 'incident', title: `I${i}`, service: { id: services[(i * 2) % 1000], type: 'service_reference' }, priority: { id: priorities[i % priorities.length].id, type: 'priority_reference' } } }, { headers: { from: OWNER_EMAIL } });
  last = res.json().incident.id;
}
const url = '/business_services/impacts?additional_fields[]=services.highest_impacting_priority&' + business.map((b) => `ids[]=${b}`).join('&');
const time = async (f: () => Promise<unknown>) => {
  const out: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  out.sort((a, b) => a - b);
  return `p50 ${out[Math.floor(out.length / 2)].toFixed(1)} ms, p99 ${out[Math.min(out.length - 1, Math.floor(out.length * 0.99))].toFixed(1)} ms`;
};
const check = await t.request('GET', url);
if (check.statusCode !== 200 || check.json().services.length !== 200) throw new Error(check.body);
console.log(`${dialect}: 200 business services, ${pairs.size} dependencies, 500 open incidents`);
console.log(`GET /business_services/impacts (200 ids): ${await time(() => t.request('GET', url))}`);
console.log(`businessServicesImpactedBy (each status update): ${await time(() => businessServicesImpactedBy(ctx.db, last))}`);
process.exit(0);
