// SMTP benchmark: how many messages per second Tocsin's SMTP door accepts (250 = durably stored),
// and the time from the end of DATA to the incident being visible through the REST API.
// Runs a real `tocsin serve` process (SQLite file by default; BENCH_DB=postgres for PostgreSQL) and
// sends with nodemailer from this process:
//   node --import tsx bench/email/smtp.ts [messages=3000] [connections=8] [latencySamples=300]
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer from 'nodemailer';
import { createScratchPostgres, startServer, stopServer } from '../ingest/server-process.js';
import { ascending, nearestRank } from '../lib/stats.js';

const [N = 3000, CONNECTIONS = 8, SAMPLES = 300] = process.argv.slice(2).map(Number);
const TOKEN = 'bench_token_aaaaaaaaaaaaaaaa';
const OWNER = 'owner@tocsin.localhost';
const dbKind = process.env.BENCH_DB === 'postgres' ? 'postgres' : 'sqlite';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

const pct = (xs: number[], p: number) => nearestRank(ascending(xs), p);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-bench-email-'));
const scratch = dbKind === 'postgres' ? await createScratchPostgres(process.env.TOCSIN_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test', 'email') : null;
const smtpPort = await freePort();
const server = await startServer({
  TOCSIN_DATA_DIR: dataDir,
  ...(scratch ? { TOCSIN_DATABASE_URL: scratch.url } : {}),
  TOCSIN_BOOTSTRAP_TOKEN: TOKEN,
  TOCSIN_SMTP_PORT: String(smtpPort),
  TOCSIN_EMAIL_DOMAIN: 'bench.test',
  TOCSIN_SMTP_RATE_LIMIT: '10000000',
  TOCSIN_SMTP_MAX_CONNECTIONS_PER_CLIENT: '1000',
  TOCSIN_REST_RATE_LIMIT: '10000000',
  TOCSIN_LOG_LEVEL: 'info',
});

async function api(method: string, url: string, body?: unknown): Promise<any> {
  const r = await fetch(server.url + url, {
    method,
    headers: { authorization: `Token token=${TOKEN}`, from: OWNER, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? null : r.json();
}

try {
  const me = (await api('GET', `/users?query=${encodeURIComponent(OWNER)}`)).users[0];
  const ep = (await api('POST', '/escalation_policies', { escalation_policy: { type: 'escalation_policy', name: 'Bench', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.id, type: 'user_reference' }] }] } })).escalation_policy;
  let n = 0;
  const emailService = async () => {
    const svc = (await api('POST', '/services', { service: { type: 'service', name: `Bench mail ${n++}`, alert_creation: 'create_alerts_and_incidents', escalation_policy: { id: ep.id, type: 'escalation_policy_reference' } } })).service;
    const integ = (await api('POST', `/services/${svc.id}/integrations`, { integration: { type: 'generic_email_inbound_integration', name: 'Email', email_incident_creation: 'on_new_email' } })).integration;
    return { serviceId: svc.id as string, address: integ.integration_email as string };
  };
  const incidentCount = async (serviceId: string): Promise<number> =>
    (await api('GET', `/incidents?service_ids[]=${serviceId}&date_range=all&total=true&limit=1`)).total as number;
  const message = (to: string, i: number) => ({
    from: 'Monitor <monitor@example.com>',
    to,
    subject: `PROBLEM: host web${i} is DOWN`,
    text: `Host: web${i}\nState: DOWN\nInfo: CRITICAL - Host Unreachable (10.0.0.${i % 250})\nDate: ${new Date().toISOString()}\n`,
  });

  // 1. Throughput: N messages over CONNECTIONS pooled connections, all queued at once.
  const a = await emailService();
  const pool = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: CONNECTIONS, maxMessages: Infinity });
  await Promise.all(Array.from({ length: 50 }, (_, i) => pool.sendMail(message(a.address, i)))); // warm-up
  const t0 = performance.now();
  await Promise.all(Array.from({ length: N }, (_, i) => pool.sendMail(message(a.address, i))));
  const acceptSecs = (performance.now() - t0) / 1000;
  while ((await incidentCount(a.serviceId)) < N + 50) await sleep(20);
  const allVisibleSecs = (performance.now() - t0) / 1000;
  pool.close();

  // 2. Latency: one message at a time; end of DATA (client side) → 250, and → incident visible.
  const b = await emailService();
  const single = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
  await single.sendMail(message(b.address, 0));
  while ((await incidentCount(b.serviceId)) < 1) await sleep(2);
  const accepted: number[] = [];
  const visibleAt: number[] = [];
  for (let i = 1; i <= SAMPLES; i++) {
    const start = performance.now();
    await single.sendMail(message(b.address, i));
    accepted.push(performance.now() - start);
    while ((await incidentCount(b.serviceId)) < i + 1) await sleep(1);
    visibleAt.push(performance.now() - start);
  }
  single.close();

  const f = (x: number) => x.toFixed(1);
  console.log(`\nSMTP benchmark (${dbKind}, ${os.cpus().length} cores, node ${process.version})`);
  console.log(`throughput: ${N} messages over ${CONNECTIONS} connections accepted in ${acceptSecs.toFixed(2)} s = ${Math.round(N / acceptSecs)} msg/s (250 after durable commit)`);
  console.log(`            all ${N} incidents visible after ${allVisibleSecs.toFixed(2)} s = ${Math.round(N / allVisibleSecs)} incidents/s end to end`);
  console.log(`latency (${SAMPLES} sequential): 250 p50 ${f(pct(accepted, 50))} ms, p99 ${f(pct(accepted, 99))} ms; incident visible p50 ${f(pct(visibleAt, 50))} ms, p99 ${f(pct(visibleAt, 99))} ms, max ${f(Math.max(...visibleAt))} ms`);
} finally {
  await stopServer(server);
  await scratch?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
