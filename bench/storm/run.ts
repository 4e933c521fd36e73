// A monitoring storm against real `tocsin serve` processes: EVENTS events from ALERTS distinct alerts
// (dedup keys spread over SERVICES services, each alert triggered again and again, every other one
// resolved by its last event) sent at an even pace within SECONDS by a load generator in a process of
// its own (bench/storm/sender.ts: raw keep-alive sockets, pipelined), then the backlog is watched
// until every accepted event is applied. Pass: all accepted, sent within SECONDS (+5 %), all applied,
// the backlog drained within 60 s of the storm's end, each server's RSS under 500 MB throughout.
//   node --import tsx bench/storm/run.ts [--events 100000] [--alerts 20000] [--seconds 60] [--services 20]
//     [--connections 128] [--depth 1] [--give-up-seconds 3×SECONDS] [--pg postgres://…/test [--nodes 2]]
// --nodes N (PostgreSQL) starts N servers on one database and spreads the connections over them.
// The result has each node's CPU (from /proc) per event it applied, all nodes' CPU per incident,
// incidents/s and, on PostgreSQL, the database backends' CPU per incident and the lock waits sampled
// from pg_locks every 100 ms. Prints one JSON result line.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScratchPostgres, startServer, stopServer, type ServerProcess } from '../ingest/server-process.js';
import { arg, numberArg } from '../lib/args.js';
import { cpuMs, rssMb, watchPostgres } from './probes.js';
import type { SenderResult, StormPlan } from './sender.js';

const events = numberArg('events', 100_000);
const alerts = numberArg('alerts', 20_000);
const seconds = numberArg('seconds', 60);
const serviceCount = numberArg('services', 20);
const connections = numberArg('connections', 128);
const depth = numberArg('depth', 1);
const nodeCount = numberArg('nodes', 1);
// A server far too slow for the asked rate would make the storm last for ever: stop sending after this.
const giveUpSeconds = numberArg('give-up-seconds', seconds * 3);
const pgAdmin = arg('pg', '');
if (nodeCount > 1 && !pgAdmin) throw new Error('--nodes needs --pg: SQLite is one process’s database');
const TOKEN = 'storm_token_aaaaaaaaaaaaaaaa';
const DRAIN_LIMIT_MS = 60_000;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-storm-'));
const db = pgAdmin ? await createScratchPostgres(pgAdmin, 'storm') : null;
const nodes: Array<{ server: ServerProcess; statsFile: string; rssMax: number }> = [];
// One after the other: the first migrates the database and bootstraps the owner.
for (let i = 0; i < nodeCount; i++) {
  const statsFile = path.join(dataDir, `stats-${i}.json`);
  const server = await startServer({
    TOCSIN_DATA_DIR: path.join(dataDir, `node-${i}`),
    TOCSIN_BOOTSTRAP_TOKEN: TOKEN,
    TOCSIN_EVENTS_RATE_LIMIT: String(events * 10),
    TOCSIN_REST_RATE_LIMIT: '100000',
    TOCSIN_BENCH_STATS_FILE: statsFile,
    ...(db ? { TOCSIN_DATABASE_URL: `${db.url}?application_name=tocsin_${i}` } : {}),
  });
  nodes.push({ server, statsFile, rssMax: 0 });
}
const base = nodes[0].server;
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function call(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base.url}${p}`, { method, agent, headers: { 'content-type': 'application/json', authorization: `Token token=${TOKEN}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text && text.startsWith('{') ? JSON.parse(text) : text });
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

type Stats = { committed: number; processed: number; batchMaxMs?: number; loopDelayMaxMs?: number };
const readStats = (file: string): Stats => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { committed: 0, processed: 0 };
  }
};
const allStats = () => nodes.map((n) => readStats(n.statsFile));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const sender = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'sender.ts'), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
// Stopped early (timeout, ^C): the servers and the sender go too, not left running.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    sender.kill('SIGKILL');
    for (const n of nodes) n.server.child.kill('SIGKILL');
    void (db?.drop() ?? Promise.resolve()).finally(() => process.exit(1));
  });
}
const rssTimer = setInterval(() => nodes.forEach((n) => (n.rssMax = Math.max(n.rssMax, rssMb(n.server.child.pid!)))), 250);
try {
  const me = (await call('GET', '/users/me')).json.user;
  const ep = await call('POST', '/escalation_policies', { escalation_policy: { type: 'escalation_policy', name: 'Storm', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.id, type: 'user_reference' }] }] } }, { from: me.email });
  const routingKeys: string[] = [];
  for (let s = 0; s < serviceCount; s++) {
    const svc = await call('POST', '/services', { service: { name: `Storm ${s}`, escalation_policy: { id: ep.json.escalation_policy.id, type: 'escalation_policy_reference' } } });
    const integ = await call('POST', `/services/${svc.json.service.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'Storm' } });
    if (!integ.json.integration?.integration_key) throw new Error(`setup failed: ${JSON.stringify([svc.json, integ.json])}`);
    routingKeys.push(integ.json.integration.integration_key as string);
  }
  const plan: StormPlan = { servers: nodes.map((n) => ({ host: '127.0.0.1', port: n.server.port })), routingKeys, events, alerts, seconds, connections, depth, stopAfterMs: giveUpSeconds * 1000 };
  const watch = db ? await watchPostgres(db.url) : null;
  const cpuBefore = nodes.map((n) => cpuMs(n.server.child.pid!));
  const processedBefore = sum(allStats().map((s) => s.processed));
  const start = performance.now();
  const sent = await new Promise<SenderResult>((resolve, reject) => {
    sender.once('message', (m) => resolve(m as SenderResult));
    sender.once('exit', (code) => reject(new Error(`sender exited (${code}) without a result`)));
    sender.send(plan);
  });
  const atStormEnd = allStats();
  // The backlog: accepted events not yet applied (each stats file is written four times a second).
  const drainStart = performance.now();
  const target = processedBefore + sent.accepted;
  let st = atStormEnd;
  while (sum(st.map((s) => s.processed)) < target && performance.now() - drainStart < DRAIN_LIMIT_MS + 30_000) {
    await new Promise((r) => setTimeout(r, 100));
    st = allStats();
  }
  const drained = sum(st.map((s) => s.processed)) >= target;
  const drainMs = drained ? performance.now() - drainStart : null;
  const wallMs = performance.now() - start;
  const nodeCpu = nodes.map((n, i) => cpuMs(n.server.child.pid!) - cpuBefore[i]);
  const pgCpuMs = (await watch?.stop()) ?? null;
  const metrics = String((await call('GET', '/metrics')).json);
  const pending = Number(/^tocsin_events_pending (\d+)/m.exec(metrics)?.[1] ?? NaN);
  const incidents = (await call('GET', '/incidents?date_range=all&limit=1&total=true&statuses[]=triggered&statuses[]=acknowledged&statuses[]=resolved')).json.total as number;
  nodes.forEach((n) => (n.rssMax = Math.max(n.rssMax, rssMb(n.server.child.pid!))));
  const perNode = nodes.map((n, i) => ({
    committed: st[i].committed,
    applied: st[i].processed,
    cpuMs: Math.round(nodeCpu[i]),
    cpuMsPerAppliedEvent: +(nodeCpu[i] / Math.max(1, st[i].processed)).toFixed(3),
    rssMaxMb: n.rssMax,
    batchMaxMs: st[i].batchMaxMs,
    loopDelayMaxMs: st[i].loopDelayMaxMs,
  }));
  const rssMax = Math.max(...nodes.map((n) => n.rssMax));
  const result = {
    dialect: db ? 'postgres' : 'sqlite',
    nodes: nodes.length,
    events,
    alerts,
    services: serviceCount,
    connections: `${connections}x${depth}`,
    sent: sent.sent,
    accepted: sent.accepted,
    rejected: sent.rejected,
    rejectedByStatus: sent.rejectedByStatus,
    failed: sent.failed,
    stormSeconds: +(sent.stormMs / 1000).toFixed(1),
    sentPerSecond: Math.round(sent.accepted / (sent.stormMs / 1000)),
    senderLagMaxMs: sent.maxLagMs,
    senderCpuMsPerRequest: +(sent.cpuMs / Math.max(1, sent.sent)).toFixed(3),
    backlogAtStormEnd: sum(atStormEnd.map((s) => s.committed - s.processed)),
    drainSeconds: drainMs === null ? null : +(drainMs / 1000).toFixed(1),
    processed: sum(st.map((s) => s.processed)),
    pendingAfter: pending,
    incidents,
    incidentsPerSecond: Math.round(incidents / (wallMs / 1000)),
    serverCpuMsPerEvent: +(sum(nodeCpu) / Math.max(1, sent.accepted)).toFixed(3),
    serverCpuMsPerIncident: +(sum(nodeCpu) / Math.max(1, incidents)).toFixed(3),
    perNode,
    ...(watch ? { postgresCpuMsPerIncident: +((pgCpuMs ?? 0) / Math.max(1, incidents)).toFixed(3), lockWaits: watch.waits } : {}),
    rssMaxMb: rssMax,
    load: os.loadavg().map((x) => +x.toFixed(1)),
  };
  const pass = sent.rejected === 0 && sent.failed === 0 && sent.accepted === events && sent.stormMs <= seconds * 1000 * 1.05 && drainMs !== null && drainMs <= DRAIN_LIMIT_MS && pending === 0 && rssMax < 500;
  console.log(JSON.stringify({ ...result, pass }));
} finally {
  clearInterval(rssTimer);
  if (sender.exitCode === null) sender.kill();
  for (const n of nodes) await stopServer(n.server);
  agent.destroy();
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
