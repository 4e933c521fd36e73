// End to end against a running server process: an Events API v2 trigger opens an incident, the
// subscribed receiver gets a signed v3 webhook and the on-call user an email, with nothing in-process.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startServer, stopServer } from '../../bench/ingest/server-process.js';
import { verifySignature } from '../../src/notify/index.js';
import { startReceiver, startSmtpSink } from './fakes.js';

const TOKEN = 'e2e_notify_token_aaaaaaa';

describe('notifications end to end (server process, SQLite)', async () => {
  const recv = await startReceiver();
  const smtp = await startSmtpSink();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-notify-e2e-'));
  const server = await startServer({
    TOCSIN_DATA_DIR: dataDir,
    TOCSIN_BOOTSTRAP_TOKEN: TOKEN,
    TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true',
    TOCSIN_SMTP_RELAY_URL: smtp.url,
    TOCSIN_PUBLIC_URL: 'http://tocsin.e2e',
  });
  after(async () => {
    await stopServer(server);
    await recv.close();
    await smtp.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  async function call(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(server.url + p, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Token token=${TOKEN}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }

  it('a trigger event reaches the webhook receiver (signed) and the on-call user by email', async () => {
    const me = (await call('GET', '/users/me')).json.user;
    const cm = await call('POST', `/users/${me.id}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'Work', address: 'oncall@example.com' } });
    assert.equal(cm.status, 201);
    assert.equal((await call('POST', `/users/${me.id}/notification_rules`, { notification_rule: { start_delay_in_minutes: 0, urgency: 'high', contact_method: { id: cm.json.contact_method.id } } })).status, 201);
    const ep = await call('POST', '/escalation_policies', { escalation_policy: { type: 'escalation_policy', name: 'E2E', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.id, type: 'user_reference' }] }] } }, { from: me.email });
    assert.equal(ep.status, 201);
    const svc = await call('POST', '/services', { service: { name: 'E2E', escalation_policy: { id: ep.json.escalation_policy.id, type: 'escalation_policy_reference' } } });
    const integ = await call('POST', `/services/${svc.json.service.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'E2E' } });
    const sub = await call('POST', '/webhook_subscriptions', { webhook_subscription: { delivery_method: { url: recv.url + '/e2e' }, events: ['incident.triggered'], filter: { type: 'service_reference', id: svc.json.service.id } } });
    assert.equal(sub.status, 200);
    const ev = await call('POST', '/v2/enqueue', { routing_key: integ.json.integration.integration_key, event_action: 'trigger', dedup_key: 'e2e-1', payload: { summary: 'E2E disk full', source: 'db-1', severity: 'critical' } });
    assert.equal(ev.status, 202);
    await recv.until((all) => all.length >= 1, 'the webhook');
    await smtp.until((all) => all.length >= 1, 'the email');
    const r = recv.received[0];
    assert.equal(r.body.event.event_type, 'incident.triggered');
    assert.equal((r.body.event.data as { title: string }).title, 'E2E disk full');
    assert.ok(verifySignature(sub.json.webhook_subscription.delivery_method.secret, r.raw, String(r.headers['x-pagerduty-signature'])));
    assert.match(smtp.mails[0].subject ?? '', /E2E disk full/);
    assert.match(smtp.mails[0].text ?? '', /http:\/\/tocsin\.e2e\/ui\/incidents\//);
  });
});
