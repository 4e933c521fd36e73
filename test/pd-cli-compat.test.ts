// The `pd` CLI (npm pagerduty-cli, unmodified) against a real listening Tocsin. pd hard-codes
// https://api.pagerduty.com and takes no other host, so it runs with HTTPS_PROXY pointing at a proxy
// that answers for that host with a certificate pd is told to trust (fixtures/pd-cli/intercept.ts);
// its account is its config file, as `pd auth add` would write it (auth add itself wants html_url
// under *.pagerduty.com, see docs/compatibility.md). One dialect: each pd run costs seconds of
// start-up, and the REST behaviour it drives is covered on both by the pdjs and conformance tests.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL, OWNER_TOKEN } from '../src/testing/app.js';
import { buildSchedule, buildUser } from '../src/testing/builders.js';
import { startInterceptor } from './fixtures/pd-cli/intercept.js';

type Json = any;
const BIN = path.resolve(import.meta.dirname, '../node_modules/pagerduty-cli/bin/run');

describe('pd CLI (pagerduty-cli) against Tocsin', async () => {
  const t = await buildTestApp('sqlite', { TOCSIN_HTTP_PORT: '0', TOCSIN_HTTP_HOST: '127.0.0.1', TOCSIN_SMTP_PORT: '0' });
  const { httpPort } = await t.app.start();
  const proxy = await startInterceptor(httpPort);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-pd-home-'));
  after(async () => {
    await proxy.close();
    fs.rmSync(home, { recursive: true, force: true });
  });
  const account = { alias: 'tocsin', subdomain: 'tocsin', accessToken: OWNER_TOKEN };
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ subdomains: [account], defaultSubdomain: 'tocsin' }));
  // pd must reach nothing but the proxy: no node_modules/.bin on PATH (its auto-update spawns `pd`),
  // auto-update off, and a fresh version cache so that no detached npm-registry check is spawned.
  fs.mkdirSync(path.join(home, 'cache'));
  fs.writeFileSync(path.join(home, 'cache', 'version'), JSON.stringify({ latest: '0.0.0' }));
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: home,
    PD_CONFIG_DIR: home,
    PD_CACHE_DIR: path.join(home, 'cache'),
    PD_DATA_DIR: home,
    PD_DISABLE_AUTOUPDATE: '1',
    HTTPS_PROXY: proxy.proxyUrl,
    NODE_EXTRA_CA_CERTS: proxy.certFile,
  };
  const pd = (...args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(process.execPath, [BIN, ...args], { env, timeout: 120_000 }, (e, stdout, stderr) => {
        if (e) reject(new Error(`pd ${args.join(' ')}: ${e.message}\n${stdout}\n${stderr}`));
        else resolve(stdout.trim());
      });
    });
  const get = async (url: string): Promise<Json> => (await t.request('GET', url)).json();

  it('creates an escalation policy, a service and an incident, acknowledges, notes and resolves it', async () => {
    const alice = await buildUser(t, { name: 'Alice Cli' });
    const users = JSON.parse(await pd('user', 'list', '-j')) as Json[];
    assert.deepEqual(users.map((u) => u.name).sort(), ['Account Owner', 'Alice Cli']);

    const epId = await pd('ep', 'create', '-n', 'CLI policy', '-u', alice.id, '--pipe');
    const ep = (await get(`/escalation_policies/${epId}`)).escalation_policy;
    assert.deepEqual([ep.name, ep.escalation_rules[0].targets.map((x: Json) => x.id)], ['CLI policy', [alice.id]]);

    const serviceId = await pd('service', 'create', '-n', 'CLI service', '-e', epId, '--pipe');
    const services = JSON.parse(await pd('service', 'list', '-j')) as Json[];
    assert.deepEqual(services.map((s) => [s.id, s.name, s.escalation_policy.id]), [[serviceId, 'CLI service', epId]]);

    const incidentId = await pd('incident', 'create', '--service_id', serviceId, '-t', 'Disk full', '-F', OWNER_EMAIL, '--pipe');
    const listed = JSON.parse(await pd('incident', 'list', '-j')) as Json[];
    assert.deepEqual(listed.map((i) => [i.id, i.title, i.status, i.assignments[0].assignee.id]), [[incidentId, 'Disk full', 'triggered', alice.id]]);

    await pd('incident', 'ack', '-i', incidentId, '-F', OWNER_EMAIL);
    assert.equal((await get(`/incidents/${incidentId}`)).incident.status, 'acknowledged');

    await pd('incident', 'notes', '-i', incidentId, '-n', 'Rotated the logs', '-F', OWNER_EMAIL);
    assert.match(await pd('incident', 'notes', '-i', incidentId), /Rotated the logs/);
    const notes = (await get(`/incidents/${incidentId}/notes`)).notes as Json[];
    assert.deepEqual(notes.map((n) => [n.content, n.user.id]), [['Rotated the logs', t.ownerId]]);

    await pd('incident', 'resolve', '-i', incidentId, '-F', OWNER_EMAIL);
    assert.equal((await get(`/incidents/${incidentId}`)).incident.status, 'resolved');
    assert.deepEqual([...new Set(proxy.connects)], ['api.pagerduty.com:443']);
  });

  it("shows a schedule's on-call users", async () => {
    const bob = await buildUser(t, { name: 'Bob Cli' });
    const s = await buildSchedule(t, { layers: [[bob.id]], start: new Date(t.clock.now() - 3_600_000).toISOString() });
    const schedules = JSON.parse(await pd('schedule', 'list', '-j')) as Json[];
    assert.deepEqual(schedules.map((x) => x.id), [s.id]);
    // PagerDuty's on-call entries come from escalation policies: put the schedule on one, with pd.
    const epId = await pd('ep', 'create', '-n', 'CLI rota', '-s', s.id, '--pipe');
    const oncalls = JSON.parse(await pd('schedule', 'oncall', '-i', s.id, '-j')) as Json[];
    assert.deepEqual(oncalls.map((o) => [o.user.id, o.schedule.id, o.escalation_policy.id, o.escalation_level]), [[bob.id, s.id, epId, 1]]);
  });

  it('sends an Events API v2 alert to the endpoint it is given', async () => {
    const ep = (await get('/escalation_policies')).escalation_policies[0];
    const svc = (await t.request('POST', '/services', { service: { type: 'service', name: 'CLI events', escalation_policy: { id: ep.id, type: 'escalation_policy_reference' } } })).json().service;
    const integ = (await t.request('POST', `/services/${svc.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'v2' } })).json().integration;
    const endpoint = `http://127.0.0.1:${httpPort}/v2/enqueue`;
    const sent = JSON.parse(await pd('event', 'alert', '-r', integ.integration_key, '--summary', 'CPU hot', '--source', 'web-1', '--severity', 'critical', '-d', 'cli-1', '-e', endpoint, '-j'));
    assert.deepEqual([sent.status, sent.dedup_key], ['success', 'cli-1']);
    let incidents: Json[] = [];
    for (let i = 0; i < 50 && incidents.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      incidents = (await get(`/incidents?service_ids[]=${svc.id}`)).incidents;
    }
    assert.deepEqual(incidents.map((x) => [x.title, x.incident_key]), [['CPU hot', 'cli-1']]);
  });
});
