// A whole app with notifications pointed at a local webhook receiver and SMTP sink, plus builders
// for the objects the scenarios need (users with rules, a policy, a service, incidents through REST).
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { Notifier } from '../../src/notify/index.js';
import { buildTestApp, OWNER_EMAIL, type TestApp } from '../../src/testing/app.js';
import { buildEscalationPolicy } from '../../src/testing/builders.js';
import type { Dialect } from '../../src/store/db.js';
import { startReceiver, startSmtpSink, type Receiver, type SmtpSink } from './fakes.js';

export interface NotifyWorld {
  t: TestApp;
  n: Notifier;
  recv: Receiver;
  smtp: SmtpSink;
  request: TestApp['request'];
}

export async function notifyWorld(dialect: Dialect, env: Record<string, string> = {}): Promise<NotifyWorld> {
  const recv = await startReceiver();
  const smtp = await startSmtpSink();
  const t = await buildTestApp(dialect, { TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true', TOCSIN_SMTP_RELAY_URL: smtp.url, ...env });
  after(async () => {
    await recv.close();
    await smtp.close();
  });
  return { t, n: t.app.notifier, recv, smtp, request: t.request };
}

/** A user with an email contact method and rules (delays in minutes) for the urgency. */
export async function userWithRules(w: NotifyWorld, name: string, delays: number[], urgency: 'high' | 'low' = 'high') {
  const u = await w.t.makeUser('user', name);
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${u.id.toLowerCase()}@example.com`;
  const cm = await w.request('POST', `/users/${u.id}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'Work', address: email } });
  assert.equal(cm.statusCode, 201, cm.body);
  for (const d of delays) {
    const r = await w.request('POST', `/users/${u.id}/notification_rules`, {
      notification_rule: { start_delay_in_minutes: d, contact_method: { id: cm.json().contact_method.id }, urgency },
    });
    assert.equal(r.statusCode, 201, r.body);
  }
  return { ...u, address: email, contactMethodId: cm.json().contact_method.id as string };
}

export async function serviceFor(w: NotifyWorld, levels: string[][], delay = 30, fields: Record<string, unknown> = {}): Promise<{ id: string; name: string; policyId: string }> {
  const ep = await buildEscalationPolicy(w.t, { rules: levels, delay });
  const res = await w.request('POST', '/services', { service: { name: `Svc ${ep.id}`, escalation_policy: { id: ep.id, type: 'escalation_policy_reference' }, ...fields } });
  assert.equal(res.statusCode, 201, res.body);
  return { id: res.json().service.id, name: res.json().service.name, policyId: ep.id };
}

export async function subscribe(w: NotifyWorld, events: string[], filter: Record<string, unknown> = { type: 'account_reference' }, path = '/hook') {
  const res = await w.request('POST', '/webhook_subscriptions', {
    webhook_subscription: {
      delivery_method: { type: 'http_delivery_method', url: w.recv.url + path, custom_headers: [{ name: 'X-Team', value: 'ops' }] },
      events,
      filter,
    },
  });
  assert.equal(res.statusCode, 200, res.body);
  const s = res.json().webhook_subscription;
  return { id: s.id as string, secret: s.delivery_method.secret as string };
}

export async function openIncident(w: NotifyWorld, serviceId: string, title = 'Disk full', urgency: 'high' | 'low' = 'high') {
  const res = await w.request('POST', '/incidents', { incident: { type: 'incident', title, urgency, service: { id: serviceId, type: 'service_reference' } } }, { headers: { from: OWNER_EMAIL } });
  assert.equal(res.statusCode, 201, res.body);
  const i = res.json().incident as { id: string; incident_number: number; html_url: string };
  return { id: i.id, number: i.incident_number, html_url: i.html_url };
}

export async function setStatus(w: NotifyWorld, id: string, status: 'acknowledged' | 'resolved') {
  const res = await w.request('PUT', `/incidents/${id}`, { incident: { type: 'incident_reference', status } }, { headers: { from: OWNER_EMAIL } });
  assert.equal(res.statusCode, 200, res.body);
}
