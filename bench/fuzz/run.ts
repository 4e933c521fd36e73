// Fuzz run (issue 18): a real Tocsin server process on a fresh database, loopback only; fuzzed events
// of every kind (v2, v1, change, vendor payloads) mixed with valid events on other keys, and fuzzed
// REST requests on every operation of the server's own /openapi.json with several roles' tokens.
//   node --import tsx bench/fuzz/run.ts [--events 50000] [--rest 20000] [--seed 1] [--max-seconds 900] [--pg postgres://…/test]
// Reports the count of 5xx answers (must be 0) and collateral failures: valid events sent alongside the
// fuzz that were not answered 202 (v1: 200), or were but never became an incident (must be 0).
// Not part of npm test. Exits 1 when either count is not 0.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createScratchPostgres, startServer, stopServer } from '../ingest/server-process.js';
import { alertmanagerBody, fuzzEvent, fuzzRest, operationsOf, v1Event, v2Event, type FuzzKeys, type FuzzRequest } from './bodies.js';
import { Rng } from './gen.js';
import { createTokenForEmail } from '../../src/accounts/tokens.js';
import { systemClock } from '../../src/clock.js';
import { randomIds } from '../../src/ids.js';
import { openDatabase } from '../../src/store/db.js';
import { arg, numberArg } from '../lib/args.js';

const EVENTS = numberArg('events', 50000);
const REST = numberArg('rest', 20000);
const SEED = numberArg('seed', 1);
const MAX_MS = numberArg('max-seconds', 900) * 1000;
const pgAdmin = arg('pg', '');
const VALID_EVERY = 10; // one valid event after every nine fuzzed ones
const OWNER = 'fuzz_owner_token_aaaaaaaaaaaa';
const OWNER_EMAIL = 'owner@tocsin.localhost';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-fuzz-'));
const db = pgAdmin ? await createScratchPostgres(pgAdmin, 'fuzz') : null;
const env = {
  TOCSIN_DATA_DIR: dataDir,
  TOCSIN_BOOTSTRAP_TOKEN: OWNER,
  TOCSIN_BOOTSTRAP_EMAIL: OWNER_EMAIL,
  TOCSIN_EVENTS_RATE_LIMIT: '100000000',
  TOCSIN_REST_RATE_LIMIT: '100000000',
  TOCSIN_SNS_CONFIRM: 'off',
  TOCSIN_LOG_LEVEL: 'info', // startServer waits for the info line "tocsin is serving"
  ...(db ? { TOCSIN_DATABASE_URL: db.url } : {}),
};
const server = await startServer(env);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface Answer {
  status: number;
  text: string;
}

function send(req: FuzzRequest, timeoutMs = 30_000): Promise<Answer> {
  return new Promise((resolve) => {
    const headers = { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) };
    let r: http.ClientRequest;
    try {
      r = http.request(`${server.url}${req.path}`, { method: req.method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => resolve({ status: -1, text: `response error: ${e.message}` }));
      });
    } catch (e) {
      // The client itself refused the request (a path Node will not send): not the server's doing.
      return resolve({ status: 0, text: `client refused: ${(e as Error).message}` });
    }
    r.setTimeout(timeoutMs, () => r.destroy(new Error('timeout')));
    r.on('error', (e) => resolve({ status: -1, text: `no answer: ${e.message}` }));
    r.end(req.body);
  });
}

async function call(method: string, p: string, body?: unknown, token = OWNER): Promise<any> {
  await send({ method: 'GET', path: '/healthz', headers: {} }); // a kept-alive socket may have gone stale
  const a = await send({ method, path: p, body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)), headers: { 'content-type': 'application/json', authorization: `Token token=${token}`, from: OWNER_EMAIL } });
  if (a.status < 200 || a.status >= 300) throw new Error(`setup ${method} ${p}: ${a.status} ${a.text.slice(0, 300)}`);
  return a.text ? JSON.parse(a.text) : null;
}

const stats = {
  fuzzEvents: 0,
  validEvents: 0,
  rest: 0,
  byStatus: {} as Record<string, number>,
  fiveXX: 0,
  noAnswer: 0,
  closedOnOversize: 0,
  clientRefused: 0,
  collateral: { notAccepted: 0, notIncident: 0 },
};
const samples: Array<Record<string, unknown>> = [];
function record(kind: string, req: FuzzRequest, a: Answer): void {
  const cls = a.status <= 0 ? String(a.status) : `${Math.floor(a.status / 100)}xx`;
  stats.byStatus[`${kind} ${cls}`] = (stats.byStatus[`${kind} ${cls}`] ?? 0) + 1;
  if (a.status === 0) stats.clientRefused++;
  // Past the body limit the server answers 413 and closes while the client may still be writing:
  // an EPIPE/ECONNRESET then is HTTP working as meant, counted apart.
  if (a.status === -1 && (req.body?.length ?? 0) > 512 * 1024) {
    stats.closedOnOversize++;
    return;
  }
  if (a.status === -1) stats.noAnswer++;
  if (a.status >= 500) stats.fiveXX++;
  if ((a.status >= 500 || a.status === -1) && samples.length < 30) {
    samples.push({ kind, method: req.method, path: req.path.slice(0, 200), status: a.status, answer: a.text.slice(0, 300), body: req.body?.toString('utf8').slice(0, 300) });
  }
}

const started = Date.now();
try {
  // Setup through the REST API: fuzz targets (one integration per payload kind) and, apart, the
  // services that take the valid events; the REST fuzz only ever sees the fuzz objects' ids.
  const me = (await call('GET', '/users/me')).user;
  const policy = async (name: string) =>
    (await call('POST', '/escalation_policies', { escalation_policy: { type: 'escalation_policy', name, escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.id, type: 'user_reference' }] }] } })).escalation_policy.id as string;
  const service = async (name: string, ep: string) => (await call('POST', '/services', { service: { name, escalation_policy: { id: ep, type: 'escalation_policy_reference' } } })).service.id as string;
  const integration = async (svc: string, over: Record<string, unknown> = {}) =>
    (await call('POST', `/services/${svc}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'i', ...over } })).integration as { id: string; integration_key: string };

  const validEp = await policy('Valid traffic');
  const validSvc = { v2: await service('Valid v2', validEp), v1: await service('Valid v1', validEp), am: await service('Valid Alertmanager', validEp) };
  const validKeys = {
    v2: (await integration(validSvc.v2)).integration_key,
    v1: (await integration(validSvc.v1, { type: 'generic_events_api_inbound_integration' })).integration_key,
    am: (await integration(validSvc.am, { vendor: { id: 'PAVZBDG', type: 'vendor_reference' } })).integration_key,
  };

  const fuzzEp = await policy('Fuzz');
  const fuzzSvc = await service('Fuzz', fuzzEp);
  const ints = {
    v2: await integration(fuzzSvc),
    alertmanager: await integration(fuzzSvc, { vendor: { id: 'PAVZBDG', type: 'vendor_reference' } }),
    cloudwatch: await integration(fuzzSvc, { type: 'aws_cloudwatch_inbound_integration', vendor: { id: 'PZQ6AUS', type: 'vendor_reference' } }),
    datadog: await integration(fuzzSvc, { vendor: { id: 'PCJ4C5A', type: 'vendor_reference' } }),
    grafana: await integration(fuzzSvc, { vendor: { id: 'PRA5OAT', type: 'vendor_reference' } }),
  };
  const keys: FuzzKeys = { v2: ints.v2.integration_key, alertmanager: ints.alertmanager.integration_key, cloudwatch: ints.cloudwatch.integration_key, datadog: ints.datadog.integration_key, grafana: ints.grafana.integration_key };

  // Users of several roles, each with a user-level token (made with `tocsin token create`), plus a
  // read-only account token; the REST fuzz picks among them, the owner's, a wrong one and none.
  const roles = ['admin', 'user', 'limited_user', 'observer', 'read_only_user', 'restricted_access'];
  const users: Array<{ id: string; email: string }> = [];
  for (const role of roles) {
    const u = (await call('POST', '/users', { user: { type: 'user', name: `Fuzz ${role}`, email: `fuzz.${role}@example.com`, role } })).user;
    users.push({ id: u.id, email: u.email });
  }
  // What `tocsin token create` does, in this process (seven tsx start-ups took minutes).
  const store = openDatabase(db?.url ?? null, dataDir);
  const made: string[] = [];
  try {
    for (const u of users) made.push(await createTokenForEmail(store.db, { clock: systemClock, ids: randomIds }, { userEmail: u.email }));
    made.push(await createTokenForEmail(store.db, { clock: systemClock, ids: randomIds }, { readOnly: true }));
  } finally {
    await store.close();
  }
  const tokens = [OWNER, ...made, 'wrong_token_aaaaaaaaaaaaa', ''];
  const team = (await call('POST', '/teams', { team: { type: 'team', name: 'Fuzz team' } })).team.id as string;
  const incidents: string[] = [];
  for (let i = 0; i < 5; i++) {
    incidents.push((await call('POST', '/incidents', { incident: { type: 'incident', title: `Fuzz ${i}`, service: { id: fuzzSvc, type: 'service_reference' } } })).incident.id);
  }
  const ids = [fuzzSvc, fuzzEp, team, ...users.map((u) => u.id), ...Object.values(ints).map((i) => i.id), ...incidents];
  const fromEmails = [OWNER_EMAIL, ...users.map((u) => u.email), 'nobody@example.com', ''];
  const ops = operationsOf(await call('GET', '/openapi.json'));
  process.stderr.write(`setup done in ${Date.now() - started} ms: ${ops.length} REST operations, ${tokens.length} tokens\n`);

  // The valid events, and what became of them.
  const expected = { v2: new Set<string>(), v1: new Set<string>(), am: new Set<string>() };
  let validSeq = 0;
  async function sendValid(): Promise<void> {
    const n = validSeq++;
    const which = (['v2', 'v1', 'am'] as const)[n % 3];
    const key = `valid-${which}-${n}`;
    const req: FuzzRequest =
      which === 'v2'
        ? { method: 'POST', path: '/v2/enqueue', body: Buffer.from(JSON.stringify(v2Event(validKeys.v2, key))), headers: { 'content-type': 'application/json' } }
        : which === 'v1'
          ? { method: 'POST', path: '/generic/2010-04-15/create_event.json', body: Buffer.from(JSON.stringify(v1Event(validKeys.v1, key))), headers: { 'content-type': 'application/json' } }
          : { method: 'POST', path: `/integration/${validKeys.am}/enqueue`, body: Buffer.from(JSON.stringify(alertmanagerBody([key]))), headers: { 'content-type': 'application/json' } };
    const a = await send(req);
    stats.validEvents++;
    record('valid', req, a);
    if (a.status === (which === 'v1' ? 200 : 202)) expected[which].add(key);
    else {
      stats.collateral.notAccepted++;
      if (samples.length < 30) samples.push({ kind: 'valid not accepted', path: req.path, status: a.status, answer: a.text.slice(0, 300) });
    }
  }

  const rng = new Rng(SEED);
  const restRng = new Rng(SEED + 7);
  let sentEvents = 0;
  let sentRest = 0;
  const overTime = () => Date.now() - started > MAX_MS;
  async function eventWorker(): Promise<void> {
    while (sentEvents < EVENTS && !overTime()) {
      const i = sentEvents++;
      if (i % (VALID_EVERY - 1) === 0) await sendValid();
      const req = fuzzEvent(rng, keys);
      record('event', req, await send(req));
      stats.fuzzEvents++;
    }
  }
  async function restWorker(): Promise<void> {
    while (sentRest < REST && !overTime()) {
      sentRest++;
      const req = fuzzRest(restRng, ops, ids, tokens, fromEmails);
      record('rest', req, await send(req));
      stats.rest++;
    }
  }
  let lastReport = Date.now();
  const progress = setInterval(() => {
    if (Date.now() - lastReport < 10_000) return;
    lastReport = Date.now();
    process.stderr.write(`${Math.round((Date.now() - started) / 1000)} s: ${stats.fuzzEvents} fuzz events, ${stats.validEvents} valid, ${stats.rest} REST, ${stats.fiveXX} 5xx\n`);
  }, 1000);
  const fuzzStart = Date.now();
  await Promise.all([...Array.from({ length: 24 }, eventWorker), ...Array.from({ length: 8 }, restWorker)]);
  clearInterval(progress);
  const fuzzMs = Date.now() - fuzzStart;

  // Every accepted valid event must become an incident on its service (unique keys: one each).
  async function incidentKeys(serviceId: string): Promise<Set<string>> {
    const seen = new Set<string>();
    for (let offset = 0; ; offset += 100) {
      const page = await call('GET', `/incidents?service_ids[]=${serviceId}&date_range=all&limit=100&offset=${offset}&statuses[]=triggered&statuses[]=acknowledged&statuses[]=resolved`);
      for (const inc of page.incidents) seen.add(inc.incident_key);
      if (!page.more) return seen;
    }
  }
  const want = expected.v2.size + expected.v1.size + expected.am.size;
  // The processor may still be working through the fuzz's backlog (PostgreSQL is slower): wait while
  // incidents keep appearing, and give up only after 90 s without progress (15 min at most).
  let missing: string[] = [];
  const drainStart = Date.now();
  for (let best = Infinity, progressAt = Date.now(); ; ) {
    missing = [];
    for (const which of ['v2', 'v1', 'am'] as const) {
      const have = await incidentKeys(validSvc[which]);
      for (const k of expected[which]) if (!have.has(k)) missing.push(k);
    }
    if (missing.length < best) [best, progressAt] = [missing.length, Date.now()];
    if (missing.length === 0 || Date.now() - progressAt > 90_000 || Date.now() - drainStart > 900_000) break;
    await new Promise((r) => setTimeout(r, 5000));
  }
  const drainSeconds = Math.round((Date.now() - drainStart) / 1000);
  stats.collateral.notIncident = missing.length;
  const health = await send({ method: 'GET', path: '/healthz', headers: {} });

  const result = {
    store: db ? 'postgresql' : 'sqlite',
    seed: SEED,
    fuzzSeconds: Math.round(fuzzMs / 100) / 10,
    drainSeconds,
    ...stats,
    validAccepted: want,
    missingIncidents: missing.slice(0, 10),
    serverAliveAfter: health.status === 200,
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  if (samples.length) process.stdout.write('samples:\n' + samples.map((s) => JSON.stringify(s)).join('\n') + '\n');
  process.exitCode = stats.fiveXX === 0 && stats.noAnswer === 0 && stats.collateral.notAccepted === 0 && missing.length === 0 ? 0 : 1;
} finally {
  await stopServer(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (db) await db.drop();
}
