import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../../src/testing/dialects.js';
import { OWNER_EMAIL } from '../../src/testing/app.js';
import { notifyWorld, openIncident, serviceFor, setStatus, userWithRules } from './setup.js';

const text = (m: { text?: string }) => m.text ?? '';

forEachDialect((dialect) => {
  describe(`${dialect}: people are notified by their rules`, async () => {
    const w = await notifyWorld(dialect);
    const log = async (id: string) => (await w.request('GET', `/incidents/${id}/log_entries`)).json().log_entries as Array<{ type: string; summary: string; user?: { id: string } }>;
    const mailsTo = (addr: string) => w.smtp.mails.filter((m) => JSON.stringify(m.to).includes(addr));

    it('emails at each rule delay until the incident is acknowledged, and logs notify_log_entry', async () => {
      const alice = await userWithRules(w, 'Alice', [0, 5, 10]);
      const svc = await serviceFor(w, [[alice.id]]);
      const inc = await openIncident(w, svc.id, 'Checkout is down');
      await w.n.worker.drain();
      assert.equal(mailsTo(alice.address).length, 1);
      const m = mailsTo(alice.address)[0];
      assert.match(m.subject ?? '', new RegExp(`Triggered: #${inc.number} Checkout is down`));
      assert.match(text(m), new RegExp(`Service:  ${svc.name}`));
      assert.match(text(m), /Urgency: {2}high/);
      assert.ok(text(m).includes(inc.html_url), 'links to the incident');
      assert.match(text(m), /Acknowledge: http:\/\/tocsin\.test\/notify\/actions\//);
      const entries = (await log(inc.id)).filter((e) => e.type === 'notify_log_entry');
      assert.equal(entries.length, 1);
      assert.equal(entries[0].user?.id, alice.id);
      w.t.clock.advance('4m');
      await w.n.worker.drain();
      assert.equal(mailsTo(alice.address).length, 1, 'not before 5 minutes');
      w.t.clock.advance('1m');
      await w.n.worker.drain();
      assert.equal(mailsTo(alice.address).length, 2);
      await setStatus(w, inc.id, 'acknowledged');
      w.t.clock.advance('10m');
      await w.n.worker.drain();
      assert.equal(mailsTo(alice.address).length, 2, 'acknowledged: the 10-minute rule does not fire');
      assert.equal((await log(inc.id)).filter((e) => e.type === 'notify_log_entry').length, 2);
    });

    it('notifies again when the acknowledgement times out and the incident triggers again', async () => {
      const u = await userWithRules(w, 'Tim', [0]);
      const svc = await serviceFor(w, [[u.id]], 30, { acknowledgement_timeout: 600 });
      const inc = await openIncident(w, svc.id, 'Ack timeout');
      await w.n.worker.drain();
      await setStatus(w, inc.id, 'acknowledged');
      w.t.clock.advance('10m');
      await w.t.app.engine.runDue(w.t.clock.now());
      assert.equal((await w.request('GET', `/incidents/${inc.id}`)).json().incident.status, 'triggered');
      await w.n.worker.drain();
      assert.equal(mailsTo(u.address).length, 2);
      assert.match(mailsTo(u.address)[1].subject ?? '', /Acknowledgement timed out/);
    });

    it('uses the rules of the incident urgency only', async () => {
      const lowOnly = await userWithRules(w, 'Lowell', [0], 'low');
      const svc = await serviceFor(w, [[lowOnly.id]]);
      await openIncident(w, svc.id, 'High one', 'high');
      await w.n.worker.drain();
      assert.equal(mailsTo(lowOnly.address).length, 0);
      await openIncident(w, svc.id, 'Low one', 'low');
      await w.n.worker.drain();
      assert.equal(mailsTo(lowOnly.address).length, 1);
      assert.match(mailsTo(lowOnly.address)[0].subject ?? '', /Low one/);
    });

    it('notifies the new assignee on escalation and reassignment', async () => {
      const first = await userWithRules(w, 'First', [0]);
      const second = await userWithRules(w, 'Second', [0]);
      const third = await userWithRules(w, 'Third', [0]);
      const svc = await serviceFor(w, [[first.id], [second.id]]);
      const inc = await openIncident(w, svc.id);
      await w.n.worker.drain();
      const esc = await w.request('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', escalation_level: 2 } }, { headers: { from: OWNER_EMAIL } });
      assert.equal(esc.statusCode, 200, esc.body);
      await w.n.worker.drain();
      assert.equal(mailsTo(first.address).length, 1);
      assert.equal(mailsTo(second.address).length, 1);
      assert.match(mailsTo(second.address)[0].subject ?? '', /Escalated to you/);
      const re = await w.request('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', assignments: [{ assignee: { id: third.id, type: 'user_reference' } }] } }, { headers: { from: OWNER_EMAIL } });
      assert.equal(re.statusCode, 200, re.body);
      await w.n.worker.drain();
      assert.equal(mailsTo(third.address).length, 1);
      assert.match(mailsTo(third.address)[0].subject ?? '', /Reassigned to you/);
    });

    it('acknowledge and resolve links work without login, only for that incident and only until it is resolved', async () => {
      const u = await userWithRules(w, 'Linda', [0]);
      const svc = await serviceFor(w, [[u.id]]);
      const inc = await openIncident(w, svc.id, 'Linked');
      await w.n.worker.drain();
      const body = text(mailsTo(u.address)[0]);
      const ack = /Acknowledge: http:\/\/tocsin\.test(\S+)/.exec(body)![1];
      const resolve = /Resolve: +http:\/\/tocsin\.test(\S+)/.exec(body)![1];
      const show = await w.t.app.http.inject({ method: 'GET', url: ack });
      assert.equal(show.statusCode, 200);
      assert.match(show.body, /<form method="post">/);
      assert.equal((await w.request('GET', `/incidents/${inc.id}`)).json().incident.status, 'triggered', 'GET changes nothing');
      const tampered = ack.slice(0, -3) + (ack.endsWith('AAA') ? 'BBB' : 'AAA');
      assert.equal((await w.t.app.http.inject({ method: 'POST', url: tampered })).statusCode, 410);
      const done = await w.t.app.http.inject({ method: 'POST', url: ack });
      assert.equal(done.statusCode, 200, done.body);
      const after = (await w.request('GET', `/incidents/${inc.id}`)).json().incident;
      assert.equal(after.status, 'acknowledged');
      assert.equal(after.acknowledgements[0].acknowledger.id, u.id);
      assert.equal((await w.t.app.http.inject({ method: 'POST', url: resolve })).statusCode, 200);
      assert.equal((await w.request('GET', `/incidents/${inc.id}`)).json().incident.status, 'resolved');
      assert.equal((await w.t.app.http.inject({ method: 'POST', url: ack })).statusCode, 410, 'dead once resolved');
      w.t.clock.advance('25h');
      assert.equal((await w.t.app.http.inject({ method: 'GET', url: resolve })).statusCode, 410);
    });

    it('retries a temporary SMTP failure, gives up on a permanent one and shows it on the incident', async () => {
      const u = await userWithRules(w, 'Sam', [0]);
      const svc = await serviceFor(w, [[u.id]]);
      w.smtp.reject(451);
      const inc = await openIncident(w, svc.id, 'Mail trouble');
      await w.n.worker.drain();
      assert.equal(mailsTo(u.address).length, 0);
      w.smtp.reject(null);
      w.t.clock.advance('5s');
      await w.n.worker.drain();
      assert.equal(mailsTo(u.address).length, 1, 'delivered on retry');
      w.smtp.reject(550);
      const inc2 = await openIncident(w, svc.id, 'Bounced');
      await w.n.worker.drain();
      w.smtp.reject(null);
      const entries = (await log(inc2.id)).filter((e) => e.type === 'notify_log_entry');
      assert.equal(entries.length, 2);
      assert.ok(entries.some((e) => /failed after 1 attempt/.test(e.summary)));
      // Sam's only contact method failed for good: nobody is left unpaged in silence.
      const unreachable = entries.find((e) => /^Could not reach Sam/.test(e.summary));
      assert.ok(unreachable, JSON.stringify(entries));
      assert.match(unreachable.summary, /every notification to them failed \(last: SMTP/);
      assert.equal(unreachable.user?.id, u.id);
      assert.ok((await log(inc.id)).some((e) => e.type === 'notify_log_entry' && /Notified/.test(e.summary)));
    });
  });

  describe(`${dialect}: SMS and phone through the generic HTTP provider`, async () => {
    const w0 = await notifyWorld(dialect);
    // The provider endpoint is the test receiver; a second app points its provider at it.
    const w = await notifyWorld(dialect, { TOCSIN_NOTIFY_HTTP_PROVIDER_URL: w0.recv.url + '/sms-gateway' });

    it('POSTs the notification to the provider', async () => {
      const u = await w.t.makeUser('user', 'Pat');
      const cm = await w.request('POST', `/users/${u.id}/contact_methods`, { contact_method: { type: 'sms_contact_method', label: 'Mobile', address: '4155550100', country_code: 1 } });
      assert.equal(cm.statusCode, 201, cm.body);
      await w.request('POST', `/users/${u.id}/notification_rules`, { notification_rule: { start_delay_in_minutes: 0, contact_method: { id: cm.json().contact_method.id }, urgency: 'high' } });
      const svc = await serviceFor(w, [[u.id]]);
      const inc = await openIncident(w, svc.id, 'Paging by SMS');
      await w.n.worker.drain();
      const got = w0.recv.received.filter((r) => r.path === '/sms-gateway');
      assert.equal(got.length, 1);
      const msg = (JSON.parse(got[0].raw) as { message: Record<string, any> }).message;
      assert.equal(msg.contactType, 'sms_contact_method');
      assert.equal(msg.address, '4155550100');
      assert.equal(msg.countryCode, 1);
      assert.equal(msg.incident.id, inc.id);
      assert.equal(msg.short, true);
      assert.match(msg.text, /Paging by SMS/);
    });
  });
});
