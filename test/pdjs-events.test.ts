// The official @pagerduty/pdjs client triggers, acknowledges and resolves an incident end to end.
// pdjs speaks only HTTPS to `server`, so the test makes a self-signed certificate (openssl), serves
// TLS with it, and runs the pdjs calls in a child process that trusts it (NODE_EXTRA_CA_CERTS): the
// test process itself keeps full certificate checking.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createScratchPostgres, startServer, stopServer } from '../bench/ingest/server-process.js';
import { DIALECTS, TEST_PG_URL } from '../src/testing/dialects.js';

const TOKEN = 'pdjs_test_token_aaaaaaaaaaaaa';

// Runs in the child: one pdjs call per line of argv, printing each response as JSON.
const CLIENT = `
const { event, trigger, acknowledge, resolve } = require('@pagerduty/pdjs');
const [server, key] = process.argv.slice(1);
(async () => {
  const out = [];
  const t = await trigger({ server, data: { routing_key: key, dedup_key: 'pdjs-1', payload: { summary: 'pdjs says hello', source: 'pdjs', severity: 'critical' } } });
  out.push({ status: t.response.status, data: t.data });
  const wait = () => new Promise((r) => setTimeout(r, 300));
  await wait();
  const a = await acknowledge({ server, data: { routing_key: key, dedup_key: 'pdjs-1' } });
  out.push({ status: a.response.status, data: a.data });
  await wait();
  const r = await event({ server, data: { routing_key: key, event_action: 'resolve', dedup_key: 'pdjs-1' } });
  out.push({ status: r.status, data: r.data });
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

function runClient(server: string, key: string, ca: string): Promise<{ status: number; data: any }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CLIENT, server, key], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, NODE_EXTRA_CA_CERTS: ca },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`pdjs client failed: ${err}`))));
  });
}

/** HTTPS request to the test server, trusting only its self-signed certificate. */
function tlsRequest(url: string, method: string, ca: Buffer, body?: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = https.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, ca, headers: { authorization: `Token token=${TOKEN}`, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => (res.statusCode! >= 300 ? reject(new Error(`${method} ${url}: ${res.statusCode} ${text}`)) : resolve(JSON.parse(text))));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: @pagerduty/pdjs events over TLS`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-pdjs-'));
    let dropPg: (() => Promise<void>) | null = null;
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      if (dropPg) await dropPg();
    });

    it('triggers, acknowledges and resolves an incident', { timeout: 120_000 }, async () => {
      const cert = path.join(dir, 'cert.pem');
      const key = path.join(dir, 'key.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
      let databaseUrl = `sqlite:${path.join(dir, 'tocsin.db')}`;
      if (dialect === 'postgres') {
        const pg = await createScratchPostgres(TEST_PG_URL, 'pdjs');
        databaseUrl = pg.url;
        dropPg = pg.drop;
      }
      const server = await startServer(
        { TOCSIN_DATABASE_URL: databaseUrl, TOCSIN_DATA_DIR: dir, TOCSIN_BOOTSTRAP_TOKEN: TOKEN, TOCSIN_TLS_CERT: cert, TOCSIN_TLS_KEY: key },
        'https',
      );
      try {
        const ca = fs.readFileSync(cert);
        const call = (method: string, url: string, body?: unknown) => tlsRequest(server.url + url, method, ca, body);
        const me = await call('GET', '/users/me');
        const ep = await call('POST', '/escalation_policies', {
          escalation_policy: { type: 'escalation_policy', name: 'pdjs', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.user.id, type: 'user_reference' }] }] },
        });
        const svc = await call('POST', '/services', { service: { type: 'service', name: 'pdjs', escalation_policy: { id: ep.escalation_policy.id, type: 'escalation_policy_reference' } } });
        const integ = await call('POST', `/services/${svc.service.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'pdjs' } });

        const results = await runClient(`127.0.0.1:${server.port}`, integ.integration.integration_key, cert);
        assert.deepEqual(
          results.map((r) => r.status),
          [202, 202, 202],
        );
        assert.deepEqual(results[0].data, { status: 'success', message: 'Event processed', dedup_key: 'pdjs-1' });

        let incident: any = null;
        for (let i = 0; i < 40; i++) {
          const list = await call('GET', `/incidents?service_ids[]=${svc.service.id}&date_range=all&statuses[]=resolved`);
          incident = list.incidents[0];
          if (incident) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.ok(incident, 'the incident is resolved');
        assert.equal(incident.title, 'pdjs says hello');
        assert.equal(incident.incident_key, 'pdjs-1');
        const log = await call('GET', `/incidents/${incident.id}/log_entries?limit=100`);
        const types = log.log_entries.map((e: { type: string }) => e.type);
        for (const t of ['trigger_log_entry', 'acknowledge_log_entry', 'resolve_log_entry']) assert.ok(types.includes(t), `${t} in ${types}`);
      } finally {
        await stopServer(server);
      }
    });
  });
}
