// Webhook latency benchmark: time from an event's 202 (Events API v2) to the v3 webhook for the
// incident it opens arriving at a local receiver, at a fixed event rate against a real server process.
//   node --import tsx bench/webhooks/run.ts [--rate 500] [--seconds 10] [--pg postgres://…/test]
// Prints p50/p90/p99/max and how many webhooks arrived. Local only: the receiver is on 127.0.0.1.
// The sender does not wait for a 202 before the next send (up to 256 keep-alive connections, bodies
// made before the clock starts); `sendSeconds` is when the last 202 came back and `rateReached`
// says whether the events went out at the asked rate (accepted within 10% of --seconds): if not,
// the run measured a lower rate, whoever (sender or server) was short of CPU.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createScratchPostgres, startServer, stopServer } from '../ingest/server-process.js';
import { nearestRank } from '../lib/stats.js';
import { arg, numberArg } from '../lib/args.js';

const rate = numberArg('rate', 500);
const seconds = numberArg('seconds', 10);
const pgAdmin = arg('pg', '');
const total = Math.round(rate * seconds);
const TOKEN = 'bench_token_aaaaaaaaaaaaaaaa';

const acceptedAt = new Map<string, number>();
const arrivedAt = new Map<string, number>();
/** When the incident changed (the event's occurred_at): splits the latency into processing and delivery. */
const occurredAt = new Map<string, number>();
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const now = Date.now();
    try {
      const ev = JSON.parse(Buffer.concat(chunks).toString('utf8')).event;
      if (ev.event_type === 'incident.triggered') {
        const key = String(ev.data.title).replace(/^bench /, '');
        if (!arrivedAt.has(key)) {
          arrivedAt.set(key, now);
          occurredAt.set(key, Date.parse(ev.occurred_at));
        }
      }
    } catch {
      // ignore
    }
    res.writeHead(200).end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const recvUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-bench-wh-'));
const db = pgAdmin ? await createScratchPostgres(pgAdmin, 'webhooks') : null;
const server = await startServer({
  TOCSIN_DATA_DIR: dataDir,
  TOCSIN_BOOTSTRAP_TOKEN: TOKEN,
  TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true',
  TOCSIN_EVENTS_RATE_LIMIT: String(rate * 120),
  TOCSIN_REST_RATE_LIMIT: '100000',
  ...(db ? { TOCSIN_DATABASE_URL: db.url } : {}),
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function call(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${server.url}${p}`,
      { method, agent, headers: { 'content-type': 'application/json', authorization: `Token token=${TOKEN}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

try {
  const me = (await call('GET', '/users/me')).json.user;
  const ep = await call('POST', '/escalation_policies', { escalation_policy: { type: 'escalation_policy', name: 'Bench', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.id, type: 'user_reference' }] }] } }, { from: me.email });
  const svc = await call('POST', '/services', { service: { name: 'Bench', escalation_policy: { id: ep.json.escalation_policy.id, type: 'escalation_policy_reference' } } });
  const integ = await call('POST', `/services/${svc.json.service.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'Bench' } });
  const key = integ.json.integration.integration_key as string;
  const sub = await call('POST', '/webhook_subscriptions', { webhook_subscription: { delivery_method: { url: recvUrl }, events: ['incident.triggered'], filter: { type: 'account_reference' } } });
  if (sub.status !== 200 || !key) throw new Error(`setup failed: ${JSON.stringify([svc.json, integ.json, sub.json])}`);

  const bodies = Array.from({ length: total }, (_, n) => JSON.stringify({ routing_key: key, event_action: 'trigger', dedup_key: `e${n}`, payload: { summary: `bench e${n}`, source: 'bench', severity: 'critical' } }));
  const enqueue = new URL(`${server.url}/v2/enqueue`);
  /** Sends one event; resolves on its answer (the body is drained, not parsed). */
  const send = (n: number) =>
    new Promise<void>((resolve) => {
      const data = bodies[n];
      const req = http.request(
        { host: enqueue.hostname, port: enqueue.port, path: enqueue.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 202) acceptedAt.set(`e${n}`, Date.now());
            resolve();
          });
        },
      );
      req.on('error', () => resolve());
      req.end(data);
    });
  const start = performance.now();
  let sent = 0;
  const inflight: Array<Promise<void>> = [];
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) inflight.push(send(sent++));
      if (sent >= total) return done();
      setTimeout(tick, 1);
    };
    tick();
  });
  const scheduleSeconds = (performance.now() - start) / 1000;
  await Promise.all(inflight);
  const sendSeconds = (performance.now() - start) / 1000;
  const deadline = performance.now() + 60_000;
  while (arrivedAt.size < acceptedAt.size && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));

  const done = [...acceptedAt].filter(([k]) => arrivedAt.has(k));
  const sorted = (xs: number[]) => xs.map((x) => Math.max(0, x)).sort((a, b) => a - b);
  const lat = sorted(done.map(([k, t]) => arrivedAt.get(k)! - t));
  const processing = sorted(done.map(([k, t]) => occurredAt.get(k)! - t));
  const delivery = sorted(done.map(([k]) => arrivedAt.get(k)! - occurredAt.get(k)!));
  const pct = (xs: number[], p: number) => nearestRank(xs, p * 100);
  const q = (p: number) => pct(lat, p)?.toFixed(1);
  console.log(
    JSON.stringify({
      dialect: db ? 'postgres' : 'sqlite',
      rate,
      events: total,
      accepted: acceptedAt.size,
      delivered: arrivedAt.size,
      scheduleSeconds: Number(scheduleSeconds.toFixed(2)),
      sendSeconds: Number(sendSeconds.toFixed(2)),
      acceptedPerSecond: Math.round(acceptedAt.size / sendSeconds),
      rateReached: acceptedAt.size === total && sendSeconds <= seconds * 1.1,
      p50ms: q(0.5),
      p90ms: q(0.9),
      p99ms: q(0.99),
      maxms: lat[lat.length - 1]?.toFixed(1),
      // 202 → incident changed (event path) and incident changed → webhook arrived (outbox).
      processingP50ms: pct(processing, 0.5),
      processingP99ms: pct(processing, 0.99),
      deliveryP50ms: pct(delivery, 0.5),
      deliveryP99ms: pct(delivery, 0.99),
    }),
  );
} finally {
  await stopServer(server);
  receiver.close();
  agent.destroy();
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
