// A monitoring storm against a real `tocsin serve` process: EVENTS events from ALERTS distinct alerts
// (dedup keys spread over SERVICES services, each alert triggered again and again, every other one
// resolved by its last event) sent at an even pace within SECONDS, then the backlog is watched until
// every accepted event is applied. Pass: all accepted, all applied, the backlog drained within 60 s
// of the storm's end, the server's RSS under 500 MB throughout.
//   node --import tsx bench/storm/run.ts [--events 100000] [--alerts 20000] [--seconds 60] [--services 20] [--pg postgres://…/test]
// Prints one JSON result line. The server's RSS is read from /proc (Linux).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createScratchPostgres, startServer, stopServer } from '../ingest/server-process.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const events = Number(arg('events', '100000'));
const alerts = Number(arg('alerts', '20000'));
const seconds = Number(arg('seconds', '60'));
const serviceCount = Number(arg('services', '20'));
const senders = Number(arg('senders', '64'));
const pgAdmin = arg('pg', '');
const TOKEN = 'storm_token_aaaaaaaaaaaaaaaa';
const DRAIN_LIMIT_MS = 60_000;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-storm-'));
const statsFile = path.join(dataDir, 'stats.json');
const db = pgAdmin ? await createScratchPostgres(pgAdmin, 'storm') : null;
const server = await startServer({
  TOCSIN_DATA_DIR: dataDir,
  TOCSIN_BOOTSTRAP_TOKEN: TOKEN,
  TOCSIN_EVENTS_RATE_LIMIT: String(events * 10),
  TOCSIN_REST_RATE_LIMIT: '100000',
  TOCSIN_BENCH_STATS_FILE: statsFile,
  ...(db ? { TOCSIN_DATABASE_URL: db.url } : {}),
});
const agent = new http.Agent({ keepAlive: true, maxSockets: senders });

function call(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${p}`, { method, agent, headers: { 'content-type': 'application/json', authorization: `Token token=${TOKEN}`, ...headers } }, (res) => {
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

/** The server's resident set (MB), from /proc; 0 where there is none. */
function rssMb(): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

const readStats = (): { committed: number; processed: number } => {
  try {
    return JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  } catch {
    return { committed: 0, processed: 0 };
  }
};

let rssMax = 0;
const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, rssMb())), 250);
try {
  const me = (await call('GET', '/users/me')).json.user;
  const ep = await call('POST', '/escalation_policies', { escalation_policy: { type: 'escalation_policy', name: 'Storm', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.id, type: 'user_reference' }] }] } }, { from: me.email });
  const keys: string[] = [];
  for (let s = 0; s < serviceCount; s++) {
    const svc = await call('POST', '/services', { service: { name: `Storm ${s}`, escalation_policy: { id: ep.json.escalation_policy.id, type: 'escalation_policy_reference' } } });
    const integ = await call('POST', `/services/${svc.json.service.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'Storm' } });
    if (!integ.json.integration?.integration_key) throw new Error(`setup failed: ${JSON.stringify([svc.json, integ.json])}`);
    keys.push(integ.json.integration.integration_key as string);
  }
  const perAlert = Math.ceil(events / alerts);
  /** Event k: alert k % alerts, its (k / alerts)-th event; the last event of an even alert resolves it. */
  const eventOf = (k: number) => {
    const a = k % alerts;
    const nth = Math.floor(k / alerts);
    const action = nth === perAlert - 1 && a % 2 === 0 ? 'resolve' : 'trigger';
    return { routing_key: keys[a % keys.length], event_action: action, dedup_key: `alert-${a}`, payload: { summary: `Host ${a} unreachable`, source: `host-${a}`, severity: 'critical' } };
  };

  const rate = events / seconds;
  let accepted = 0;
  let rejected = 0;
  let sent = 0;
  let inflight = 0;
  const start = performance.now();
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(events, Math.floor(((performance.now() - start) / 1000) * rate));
      // Bounded by the senders: a server that falls behind slows the storm, as real senders would.
      while (sent < due && inflight < senders * 2) {
        inflight++;
        call('POST', '/v2/enqueue', eventOf(sent++)).then(
          (r) => {
            inflight--;
            if (r.status === 202) accepted++;
            else rejected++;
          },
          () => {
            inflight--;
            rejected++;
          },
        );
      }
      if (sent >= events && inflight === 0) return done();
      setTimeout(tick, 2);
    };
    tick();
  });
  const stormMs = performance.now() - start;
  const atStormEnd = readStats();
  // The backlog: accepted events not yet applied (the stats file is written four times a second).
  const drainStart = performance.now();
  let st = readStats();
  while (st.processed < accepted && performance.now() - drainStart < DRAIN_LIMIT_MS + 30_000) {
    await new Promise((r) => setTimeout(r, 100));
    st = readStats();
  }
  const drainMs = st.processed >= accepted ? performance.now() - drainStart : null;
  const metrics = String((await call('GET', '/metrics')).json);
  const pending = Number(/^tocsin_events_pending (\d+)/m.exec(metrics)?.[1] ?? NaN);
  const incidents = (await call('GET', '/incidents?date_range=all&limit=1&total=true&statuses[]=triggered&statuses[]=acknowledged&statuses[]=resolved')).json.total;
  rssMax = Math.max(rssMax, rssMb());
  const result = {
    dialect: db ? 'postgres' : 'sqlite',
    events,
    alerts,
    services: serviceCount,
    accepted,
    rejected,
    stormSeconds: +(stormMs / 1000).toFixed(1),
    sentPerSecond: Math.round(accepted / (stormMs / 1000)),
    backlogAtStormEnd: atStormEnd.committed - atStormEnd.processed,
    drainSeconds: drainMs === null ? null : +(drainMs / 1000).toFixed(1),
    processed: st.processed,
    pendingAfter: pending,
    incidents,
    rssMaxMb: rssMax,
    load: os.loadavg().map((x) => +x.toFixed(1)),
  };
  const pass = rejected === 0 && accepted === events && stormMs <= seconds * 1000 * 1.05 && drainMs !== null && drainMs <= DRAIN_LIMIT_MS && pending === 0 && rssMax < 500;
  console.log(JSON.stringify({ ...result, pass }));
} finally {
  clearInterval(rssTimer);
  await stopServer(server);
  agent.destroy();
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
