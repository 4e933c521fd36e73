// The event processor's capacity for opening incidents: N triggers with distinct dedup keys are put in
// the inbox of an in-process app (one service, one account-wide webhook subscription, the owner's
// default email rule, so fan-out writes outbox rows as in production), then one processing loop
// drains them. Prints wall-clock incidents/s and the process's CPU per opened incident.
//   node --import tsx bench/events/processor.ts --dialect sqlite|postgres [--n 5000] [--one-by-one] [--pg postgres://…/test]
// `--one-by-one` applies one event at a time (the path before set-based processing). To compare with
// an older commit, copy this file into a checkout of it (`git archive <rev> | tar -x -C dir`) and run it there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { bootstrapOwner } from '../../src/accounts/bootstrap.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { EventProcessor } from '../../src/events/processor.js';
import { inboundEvent } from '../../src/events/model.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openPostgres, openSqlite } from '../../src/store/db.js';
import { createScratchPostgres } from '../ingest/server-process.js';
import { arg, numberArg, flag } from '../lib/args.js';

const dialect = arg('dialect', 'sqlite') as 'sqlite' | 'postgres';
const n = numberArg('n', 5000);
const oneByOne = flag('one-by-one');
const pgAdmin = arg('pg', 'postgres://postgres@127.0.0.1:5432/test');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-proc-'));
const scratch = dialect === 'postgres' ? await createScratchPostgres(pgAdmin, 'proc') : null;
const database = scratch ? openPostgres(scratch.url) : openSqlite(path.join(dir, 'db.sqlite'));
await migrateToLatest(database.db);
const app = await createApp(loadConfig({ TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true', TOCSIN_DATA_DIR: dir, TOCSIN_SMTP_RELAY_URL: 'smtp://127.0.0.1:2525', ...(scratch ? { TOCSIN_DATABASE_URL: scratch.url } : {}) }), {
  database,
  log: pino({ level: 'silent' }),
});
await app.http.ready();
const boot = await bootstrapOwner(database.db, app.ctx, { email: 'o@example.com', password: null, token: 'proc_token_aaaaaaaaaaaaa' });
const h = { authorization: 'Token token=proc_token_aaaaaaaaaaaaa', from: 'o@example.com' };
const post = async (url: string, payload: object) => {
  const r = await app.http.inject({ method: 'POST', url, headers: h, payload });
  if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
  return r.json();
};
const ep = await post('/escalation_policies', {
  escalation_policy: { type: 'escalation_policy', name: 'P', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: boot!.ownerId, type: 'user_reference' }] }] },
});
const svc = (await post('/services', { service: { name: 'S', escalation_policy: { id: ep.escalation_policy.id, type: 'escalation_policy_reference' } } })).service;
const integ = (await post(`/services/${svc.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'I' } })).integration;
await post('/webhook_subscriptions', { webhook_subscription: { delivery_method: { url: 'http://127.0.0.1:9/x' }, events: ['incident.triggered'], filter: { type: 'account_reference' } } });

const target = { integrationId: integ.id as string, serviceId: svc.id as string };
for (let i = 0; i < n; i += 500) {
  await Promise.all(
    Array.from({ length: Math.min(500, n - i) }, (_, k) =>
      app.events.ingestEvent(target, inboundEvent({ api: 'events_v2', action: 'trigger', dedupKey: `d${i + k}`, summary: `bench ${i + k}`, source: 'h', severity: 'critical', channel: 'api' })),
    ),
  );
}

const budget = arg('budget-ms', '');
const processor = new EventProcessor(app.ctx, { ...(oneByOne ? { setBased: false } : {}), ...(budget ? { budgetMs: Number(budget) } : {}) });
// --profile FILE: a CPU profile of the drain alone (open it in Chrome's DevTools).
const profile = arg('profile', '');
const inspector = profile ? new (await import('node:inspector/promises')).Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const applied = await processor.drain();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
if (inspector) fs.writeFileSync(profile, JSON.stringify((await inspector.post('Profiler.stop')).profile));
const count = async (table: string) => Number((await database.db.selectFrom(table as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const incidents = await count('incidents');
const outbox = await count('notify_outbox');
console.log(
  JSON.stringify({
    dialect,
    mode: oneByOne ? 'one-by-one' : 'default',
    events: applied,
    incidents,
    outboxRows: outbox,
    seconds: +(ms / 1000).toFixed(2),
    incidentsPerSecond: Math.round(incidents / (ms / 1000)),
    cpuMsPerIncident: +((cpu.user + cpu.system) / 1000 / incidents).toFixed(3),
    batches: processor.stats.batches,
    maxBatchMs: Math.round(processor.stats.maxBatchMs),
    load: os.loadavg().map((x) => +x.toFixed(1)),
  }),
);
await app.close();
await database.close();
await scratch?.drop();
fs.rmSync(dir, { recursive: true, force: true });
