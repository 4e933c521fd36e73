// Twilio latency benchmark: time from an event's 202 (Events API v2) to the Twilio Messages request for
// the incident it opens leaving Tocsin (arriving at a local fake Twilio), at a fixed event rate against
// a real server process; and, with --twilio-delay-ms 5000, whether a slow Twilio slows the webhooks
// of the same incidents (measured the same way, 202 → webhook arrival).
//   node --import tsx bench/twilio/run.ts [--rate 100] [--seconds 10] [--twilio-delay-ms 0] [--pg postgres://…/test]
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createScratchPostgres, startServer, stopServer } from '../ingest/server-process.js';
import { nearestRank } from '../lib/stats.js';
import { arg, numberArg } from '../lib/args.js';

const rate = numberArg('rate', 100);
const seconds = numberArg('seconds', 10);
const delayMs = numberArg('twilio-delay-ms', 0);
const pgAdmin = arg('pg', '');
const total = Math.round(rate * seconds);
const TOKEN = 'bench_token_aaaaaaaaaaaaaaaa';
const SID = 'AC' + 'b'.repeat(32);
const AUTH = 'c'.repeat(32);

const acceptedAt = new Map<string, number>();
const smsAt = new Map<string, number>();
const hookAt = new Map<string, number>();

// A minimal Twilio: records the arrival of each Messages request, answers 201 after the delay.
let n = 0;
const twilio = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const now = Date.now();
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const key = /bench (e\d+)/.exec(form.get('Body') ?? '')?.[1];
    if (key && !smsAt.has(key)) smsAt.set(key, now);
    setTimeout(() => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sid: 'SM' + (n++).toString(16).padStart(32, '0'), status: 'queued' }));
    }, delayMs);
  });
});
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const now = Date.now();
    try {
      const ev = JSON.parse(Buffer.concat(chunks).toString('utf8')).event;
      const key = String(ev.data.title).replace(/^bench /, '');
      if (!hookAt.has(key)) hookAt.set(key, now);
    } catch {
      // ignore
    }
    res.writeHead(200).end();
  });
});
await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', r));
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const twilioUrl = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
const recvUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-bench-tw-'));
const db = pgAdmin ? await createScratchPostgres(pgAdmin, 'twilio') : null;
const server = await startServer({
  TOCSIN_DATA_DIR: dataDir,
  TOCSIN_BOOTSTRAP_TOKEN: TOKEN,
  TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true',
  TOCSIN_EVENTS_RATE_LIMIT: String(rate * 120),
  TOCSIN_REST_RATE_LIMIT: '100000',
  TOCSIN_TWILIO_ACCOUNT_SID: SID,
  TOCSIN_TWILIO_AUTH_TOKEN: AUTH,
  TOCSIN_TWILIO_FROM: '+15005550006',
  TOCSIN_TWILIO_API_URL: twilioUrl,
  ...(db ? { TOCSIN_DATABASE_URL: db.url } : {}),
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function call(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${p}`, { method, agent, headers: { 'content-type': 'application/json', authorization: `Token token=${TOKEN}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const sorted = (xs: number[]) => xs.map((x) => Math.max(0, x)).sort((a, b) => a - b);
const pct = (xs: number[], p: number) => nearestRank(xs, p * 100);
function stats(arrived: Map<string, number>) {
  const lat = sorted([...acceptedAt].filter(([k]) => arrived.has(k)).map(([k, t]) => arrived.get(k)! - t));
  return { arrived: arrived.size, p50ms: pct(lat, 0.5), p90ms: pct(lat, 0.9), p99ms: pct(lat, 0.99), maxms: lat[lat.length - 1] };
}

try {
  const me = (await call('GET', '/users/me')).json.user;
  // The owner is paged by SMS only (the default email rule goes: no SMTP relay in the bench).
  const rules = (await call('GET', `/users/${me.id}/notification_rules?urgency=all`)).json.notification_rules as Array<{ id: string }>;
  for (const r of rules) await call('DELETE', `/users/${me.id}/notification_rules/${r.id}`);
  const cm = await call('POST', `/users/${me.id}/contact_methods`, { contact_method: { type: 'sms_contact_method', label: 'Mobile', address: '4155550100', country_code: 1 } });
  await call('POST', `/users/${me.id}/notification_rules`, { notification_rule: { start_delay_in_minutes: 0, urgency: 'high', contact_method: { id: cm.json.contact_method.id } } });
  const ep = await call('POST', '/escalation_policies', { escalation_policy: { type: 'escalation_policy', name: 'Bench', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.id, type: 'user_reference' }] }] } }, { from: me.email });
  const svc = await call('POST', '/services', { service: { name: 'Bench', escalation_policy: { id: ep.json.escalation_policy.id, type: 'escalation_policy_reference' } } });
  const integ = await call('POST', `/services/${svc.json.service.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'Bench' } });
  const key = integ.json.integration.integration_key as string;
  const sub = await call('POST', '/webhook_subscriptions', { webhook_subscription: { delivery_method: { url: recvUrl }, events: ['incident.triggered'], filter: { type: 'account_reference' } } });
  if (cm.status !== 201 || sub.status !== 200 || !key) throw new Error(`setup failed: ${JSON.stringify([cm.json, integ.json, sub.json])}`);

  const start = performance.now();
  let sent = 0;
  const inflight: Array<Promise<void>> = [];
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) {
        const id = `e${sent++}`;
        inflight.push(
          call('POST', '/v2/enqueue', { routing_key: key, event_action: 'trigger', dedup_key: id, payload: { summary: `bench ${id}`, source: 'bench', severity: 'critical' } }).then((r) => {
            if (r.status === 202) acceptedAt.set(id, Date.now());
          }),
        );
      }
      if (sent >= total) return done();
      setTimeout(tick, 2);
    };
    tick();
  });
  await Promise.all(inflight);
  const deadline = performance.now() + 30_000 + (delayMs * total) / 64;
  while ((hookAt.size < acceptedAt.size || smsAt.size < acceptedAt.size) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  console.log(JSON.stringify({ dialect: db ? 'postgres' : 'sqlite', rate, events: total, accepted: acceptedAt.size, twilioDelayMs: delayMs, sms: stats(smsAt), webhooks: stats(hookAt) }));
} finally {
  await stopServer(server);
  twilio.close();
  receiver.close();
  agent.destroy();
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
