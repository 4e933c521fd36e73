// A whole Tocsin app started for real (HTTP and SMTP on free ports, processor running) and the
// pieces the email end-to-end tests share: integrations made through the REST API, mail sent with
// nodemailer over SMTP, and incidents read back through the REST API.
import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { countPendingEvents } from '../../src/events/index.js';
import { buildTestApp, OWNER_EMAIL, type TestApp } from '../../src/testing/app.js';
import { buildEscalationPolicy } from '../../src/testing/builders.js';
import type { Dialect } from '../../src/store/db.js';

export interface EmailApp {
  t: TestApp;
  smtpPort: number;
  policyId: string;
  send(mail: Mail.Options): Promise<{ response: string }>;
}

export async function startEmailApp(dialect: Dialect, env: Record<string, string> = {}): Promise<EmailApp> {
  const t = await buildTestApp(dialect, {
    TOCSIN_HTTP_HOST: '127.0.0.1',
    TOCSIN_HTTP_PORT: '0',
    TOCSIN_SMTP_PORT: '0',
    TOCSIN_SMTP_RATE_LIMIT: '100000',
    ...env,
  });
  const { smtpPort } = await t.app.start();
  const policy = await buildEscalationPolicy(t);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  return {
    t,
    smtpPort,
    policyId: policy.id,
    send: (mail) => transport.sendMail({ from: 'monitor@example.com', ...mail }),
  };
}

let seq = 0;

/** A service (alerts and incidents by default) with one email integration of these settings. */
export async function emailService(
  e: EmailApp,
  settings: Record<string, unknown> = {},
  service: Record<string, unknown> = {},
): Promise<{ serviceId: string; integrationId: string; address: string }> {
  const n = `${process.pid.toString(36)}-${seq++}`;
  const s = await e.t.request(
    'POST',
    '/services',
    { service: { type: 'service', name: `Mail ${n}`, alert_creation: 'create_alerts_and_incidents', escalation_policy: { id: e.policyId, type: 'escalation_policy_reference' }, ...service } },
    { headers: { from: OWNER_EMAIL } },
  );
  assert.equal(s.statusCode, 201, s.body);
  const serviceId = s.json().service.id as string;
  const i = await e.t.request('POST', `/services/${serviceId}/integrations`, {
    integration: { type: 'generic_email_inbound_integration', name: 'Email', integration_email: `mail-${n}`, ...settings },
  });
  assert.equal(i.statusCode, 201, i.body);
  const integ = i.json().integration;
  assert.equal(integ.integration_email, `mail-${n}@tocsin.test`);
  return { serviceId, integrationId: integ.id, address: integ.integration_email };
}

/** Waits until the processor has applied everything the inbox holds (it runs on its own; we also drain). */
export async function settle(e: EmailApp): Promise<void> {
  for (let i = 0; i < 500; i++) {
    await e.t.app.events.processor.drain();
    if ((await countPendingEvents(e.t.app.ctx.db)) === 0) return;
    await sleep(10);
  }
  throw new Error('the inbox did not drain');
}

type Json = Record<string, any>;

/** The service's incidents, oldest first. */
export async function incidentsOf(e: EmailApp, serviceId: string): Promise<Json[]> {
  await settle(e);
  const r = await e.t.request('GET', `/incidents?service_ids[]=${serviceId}&date_range=all&limit=100&sort_by=created_at:asc`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json().incidents;
}

export async function alertsOf(e: EmailApp, incidentId: string): Promise<Json[]> {
  const r = await e.t.request('GET', `/incidents/${incidentId}/alerts`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json().alerts;
}

export async function logEntriesOf(e: EmailApp, incidentId: string): Promise<Json[]> {
  const r = await e.t.request('GET', `/incidents/${incidentId}/log_entries?limit=100&is_overview=false`);
  assert.equal(r.statusCode, 200, r.body);
  return (r.json().log_entries as Json[]).sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
}

export async function resolve(e: EmailApp, incidentId: string): Promise<void> {
  const r = await e.t.request('PUT', `/incidents/${incidentId}`, { incident: { type: 'incident', status: 'resolved' } }, { headers: { from: OWNER_EMAIL } });
  assert.equal(r.statusCode, 200, r.body);
}

/** Speaks raw SMTP line by line; returns each reply's first line (the greeting first). */
export async function converse(port: number, lines: string[]): Promise<string[]> {
  const sock = net.connect(port, '127.0.0.1');
  let buf = '';
  const next = () =>
    new Promise<string>((res, rej) => {
      const check = () => {
        const m = /^(\d{3}) .*\r\n/m.exec(buf);
        if (m) {
          const end = buf.indexOf('\r\n', m.index) + 2;
          const line = buf.slice(m.index, end - 2);
          buf = buf.slice(end);
          res(line);
        } else {
          sock.once('data', (d) => ((buf += d.toString()), check()));
          sock.once('error', rej);
        }
      };
      check();
    });
  const replies = [await next()];
  for (const l of lines) {
    sock.write(l + '\r\n');
    replies.push(await next());
  }
  sock.destroy();
  return replies;
}

export const responseCode = (code: number) => (err: { responseCode?: number }) => err.responseCode === code;
