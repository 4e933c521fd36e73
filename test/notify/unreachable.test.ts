// "Nobody left unpaged in silence": a user who cannot be reached is written on the incident's log and
// counted in /metrics; with no channel at all the start-up log says so and admins can read it; a new
// user gets PagerDuty's default email contact method and rules.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { buildTestApp, OWNER_EMAIL } from '../../src/testing/app.js';
import { buildUser } from '../../src/testing/builders.js';
import { forEachDialect, openTestDatabase } from '../../src/testing/dialects.js';
import { notifyWorld, openIncident, serviceFor } from './setup.js';

type Entry = { type: string; summary: string; user?: { id: string }; channel: { notification?: { status: string; reason?: string } } };

forEachDialect((dialect) => {
  describe(`${dialect}: nobody is left unpaged in silence`, async () => {
    const w = await notifyWorld(dialect);
    const log = async (id: string) => (await w.request('GET', `/incidents/${id}/log_entries`)).json().log_entries as Entry[];
    const unreachable = async (id: string) => (await log(id)).filter((e) => e.type === 'notify_log_entry' && e.channel.notification?.status === 'unreachable');

    it('logs and counts an assignee with no rule for the urgency', async () => {
      const u = await w.t.makeUser('user', 'Norules');
      const svc = await serviceFor(w, [[u.id]]);
      const before = w.n.unreachable.no_rules;
      const inc = await openIncident(w, svc.id, 'Unheard');
      const got = await unreachable(inc.id);
      assert.equal(got.length, 1);
      assert.equal(got[0].summary, 'Could not reach Norules: they have no notification rules for high-urgency incidents.');
      assert.equal(got[0].user?.id, u.id);
      assert.equal(got[0].channel.notification?.reason, 'no_rules');
      assert.equal(w.n.unreachable.no_rules, before + 1);
      const m = await w.t.app.http.inject({ method: 'GET', url: '/metrics' });
      assert.match(m.headers['content-type'] as string, /^text\/plain/);
      assert.match(m.body, new RegExp(`tocsin_notify_unreachable_total\\{reason="no_rules"\\} ${before + 1}`));
    });

    it('a new user gets an email contact method for their login and rules to it, high and low urgency at once, and is emailed', async () => {
      const u = await buildUser(w.t);
      const cms = (await w.request('GET', `/users/${u.id}/contact_methods`)).json().contact_methods;
      assert.deepEqual(cms.map((c: { type: string; address: string }) => [c.type, c.address]), [['email_contact_method', u.email]]);
      const rules = (await w.request('GET', `/users/${u.id}/notification_rules?urgency=all`)).json().notification_rules;
      assert.deepEqual(rules.map((r: { urgency: string; start_delay_in_minutes: number; contact_method: { id: string } }) => [r.urgency, r.start_delay_in_minutes, r.contact_method.id]).sort(), [
        ['high', 0, cms[0].id],
        ['low', 0, cms[0].id],
      ]);
      const svc = await serviceFor(w, [[u.id]]);
      const inc = await openIncident(w, svc.id, 'Defaults work', 'low');
      await w.n.worker.drain();
      assert.equal(w.smtp.mails.filter((m) => JSON.stringify(m.to).includes(u.email)).length, 1);
      assert.equal((await unreachable(inc.id)).length, 0);
    });
  });

  describe(`${dialect}: with no channel configured`, async () => {
    const t = await buildTestApp(dialect);

    it('says so on the incident when an assignee has rules but no channel can deliver them', async () => {
      const u = await buildUser(t);
      const svc = await t.request('POST', '/escalation_policies', {
        escalation_policy: { type: 'escalation_policy', name: 'EP none', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: u.id, type: 'user_reference' }] }] },
      });
      const s = await t.request('POST', '/services', { service: { name: 'Svc none', escalation_policy: { id: svc.json().escalation_policy.id, type: 'escalation_policy_reference' } } });
      const inc = await t.request('POST', '/incidents', { incident: { type: 'incident', title: 'Silent', service: { id: s.json().service.id, type: 'service_reference' } } }, { headers: { from: OWNER_EMAIL } });
      assert.equal(inc.statusCode, 201, inc.body);
      const entries = (await t.request('GET', `/incidents/${inc.json().incident.id}/log_entries`)).json().log_entries as Entry[];
      const e = entries.find((x) => x.channel.notification?.status === 'unreachable');
      assert.ok(e, JSON.stringify(entries));
      assert.match(e.summary, new RegExp(`^Could not reach ${u.name}: no configured channel can deliver to their contact methods \\(email needs TOCSIN_SMTP_RELAY_URL\\)`));
      assert.equal(e.channel.notification?.reason, 'no_channel');
    });

    it('GET /notification_channels tells admins, and only them, that nothing can deliver', async () => {
      const res = await t.request('GET', '/notification_channels');
      assert.equal(res.statusCode, 200, res.body);
      const ch = res.json().notification_channels;
      assert.equal(ch.can_deliver, false);
      assert.equal(ch.sms_phone_backend, 'none');
      assert.match(ch.warning, /TOCSIN_SMTP_RELAY_URL.*TOCSIN_TWILIO_ACCOUNT_SID.*TOCSIN_NOTIFY_HTTP_PROVIDER_URL/);
      const plain = await t.makeUser('user');
      assert.equal((await t.request('GET', '/notification_channels', undefined, { token: plain.token })).statusCode, 403);
    });
  });
});

describe('start-up warning', () => {
  async function startLog(env: Record<string, string>): Promise<Array<{ level: number; msg: string }>> {
    const lines: Array<{ level: number; msg: string }> = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const database = await openTestDatabase('sqlite', false);
    const app = await createApp(loadConfig({ TOCSIN_PUBLIC_URL: 'http://tocsin.test', ...env }), { database, log: pino({ level: 'info' }, sink) });
    const n = app.notifier;
    n.start();
    n.start();
    await app.close();
    await database.close();
    return lines;
  }

  it('says once, plainly, that nobody can be paged and which settings fix it', async () => {
    const warnings = (await startLog({})).filter((l) => l.level === 40 && /nobody can be paged/.test(l.msg));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].msg, /TOCSIN_SMTP_RELAY_URL/);
    assert.match(warnings[0].msg, /TOCSIN_TWILIO_ACCOUNT_SID \+ TOCSIN_TWILIO_AUTH_TOKEN \+ TOCSIN_TWILIO_FROM/);
    assert.match(warnings[0].msg, /TOCSIN_NOTIFY_HTTP_PROVIDER_URL/);
  });

  it('is silent when a channel is configured', async () => {
    const lines = await startLog({ TOCSIN_NOTIFY_HTTP_PROVIDER_URL: 'http://127.0.0.1:9/gateway' });
    assert.equal(lines.filter((l) => /nobody can be paged/.test(l.msg)).length, 0);
  });
});
