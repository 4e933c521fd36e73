// How much of an incident transaction is notify's fan-out: opens N incidents in-process on SQLite
// (file, WAL) with one account-wide subscription, and times the incident.event listener.
//   node --import tsx bench/webhooks/fanout-cost.ts [N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { bootstrapOwner } from '../../src/accounts/bootstrap.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openIncident } from '../../src/incidents/index.js';
import { openSqlite } from '../../src/store/db.js';

const n = Number(process.argv[2] ?? '500');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-fanout-'));
const database = openSqlite(path.join(dir, 'db.sqlite'));
const app = await createApp(loadConfig({ TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true' }), { database, log: pino({ level: 'silent' }) });
await app.http.ready();
const boot = await bootstrapOwner(database.db, app.ctx, { email: 'o@example.com', password: null, token: 'fanout_token_aaaaaaaaaa' });
const h = { authorization: 'Token token=fanout_token_aaaaaaaaaa', from: 'o@example.com' };
const ep = await app.http.inject({ method: 'POST', url: '/escalation_policies', headers: h, payload: { escalation_policy: { type: 'escalation_policy', name: 'P', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: boot!.ownerId, type: 'user_reference' }] }] } } });
const svc = await app.http.inject({ method: 'POST', url: '/services', headers: h, payload: { service: { name: 'S', escalation_policy: { id: ep.json().escalation_policy.id, type: 'escalation_policy_reference' } } } });
await app.http.inject({ method: 'POST', url: '/webhook_subscriptions', headers: h, payload: { webhook_subscription: { delivery_method: { url: 'http://127.0.0.1:9/x' }, events: ['incident.triggered'], filter: { type: 'account_reference' } } } });
const notifier = app.notifier;
let inFanout = 0;
const orig = notifier.onIncidentEvent.bind(notifier);
notifier.onIncidentEvent = async (db, ev) => {
  const t0 = performance.now();
  await orig(db, ev);
  inFanout += performance.now() - t0;
};
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  await database.db.transaction().execute((tx) =>
    openIncident(tx, app.ctx, { serviceId: svc.json().service.id, title: `i${i}`, agent: { type: 'service', id: svc.json().service.id }, channel: { type: 'api' } }),
  );
}
const total = performance.now() - t0;
console.log(JSON.stringify({ incidents: n, totalMs: Math.round(total), perIncidentMs: +(total / n).toFixed(2), fanoutPerIncidentMs: +(inFanout / n).toFixed(2), fanoutShare: +(inFanout / total).toFixed(2) }));
await app.close();
fs.rmSync(dir, { recursive: true, force: true });
