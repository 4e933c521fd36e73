// On-call handoff notifications end to end, on both databases: the rules API, and the notices
// themselves by email (a real SMTP sink) and SMS (the fake Twilio) at each rule's advance, planned
// from the rendered final schedule with a fake clock, once per handoff, an override added after
// planning changing who is told.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { listTimersOfSubject } from '../../src/engine/index.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { notifyWorld, type NotifyWorld } from './setup.js';
import { startFakeTwilio } from './twilio-fake.js';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const H = 3_600_000;
const DAY0 = Date.parse('2026-01-05T00:00:00Z');

forEachDialect((dialect) => {
  describe(`${dialect}: on-call handoff notifications`, async () => {
    const fake = await startFakeTwilio();
    after(() => fake.close());
    const port = await freePort();
    const pub = `http://127.0.0.1:${port}`;
    const w: NotifyWorld = await notifyWorld(dialect, {
      TOCSIN_PUBLIC_URL: pub,
      TOCSIN_TWILIO_ACCOUNT_SID: fake.accountSid,
      TOCSIN_TWILIO_AUTH_TOKEN: fake.authToken,
      TOCSIN_TWILIO_FROM: '+15005550006',
      TOCSIN_TWILIO_API_URL: fake.url,
    });
    await w.t.app.http.listen({ host: '127.0.0.1', port });
    const clock = w.t.clock;
    clock.set(DAY0 + 10 * H);

    async function contact(userId: string, c: Record<string, unknown>): Promise<string> {
      const r = await w.request('POST', `/users/${userId}/contact_methods`, { contact_method: { label: 'Work', ...c } });
      assert.equal(r.statusCode, 201, r.body);
      return r.json().contact_method.id;
    }
    async function rule(userId: string, cm: string, handoff_type: string, notify_advance_in_minutes: number) {
      const r = await w.request('POST', `/users/${userId}/oncall_handoff_notification_rules`, {
        oncall_handoff_notification_rule: { handoff_type, notify_advance_in_minutes, contact_method: { id: cm, type: 'email_contact_method_reference' } },
      });
      assert.equal(r.statusCode, 201, r.body);
      return r.json().oncall_handoff_notification_rule;
    }
    async function policy(name: string, scheduleId: string, on_call_handoff_notifications: string): Promise<string> {
      const r = await w.request('POST', '/escalation_policies', {
        escalation_policy: { type: 'escalation_policy', name, on_call_handoff_notifications, escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: scheduleId, type: 'schedule_reference' }] }] },
      });
      assert.equal(r.statusCode, 201, r.body);
      return r.json().escalation_policy.id;
    }
    /** Runs due timers at the clock's now and delivers the outbox. */
    async function tick() {
      await w.t.app.engine.runDue(clock.now());
      await w.n.worker.drain();
    }
    const mailsTo = (address: string) => w.smtp.mails.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.text.includes(address)));
    const smsTo = (n: string) => fake.requests.filter((r) => r.resource === 'Messages' && r.form.To === n);

    const ann = await w.t.makeUser('user', 'Ann');
    const bob = await w.t.makeUser('user', 'Bob');
    const carol = await w.t.makeUser('user', 'Carol');
    const annMail = `ann.${ann.id.toLowerCase()}@example.com`;
    const carolMail = `carol.${carol.id.toLowerCase()}@example.com`;
    const annCm = await contact(ann.id, { type: 'email_contact_method', address: annMail });
    const bobCm = await contact(bob.id, { type: 'sms_contact_method', address: '4155550199', country_code: 1 });
    const carolCm = await contact(carol.id, { type: 'email_contact_method', address: carolMail });
    const bobPhone = await contact(bob.id, { type: 'phone_contact_method', address: '4155550198', country_code: 1, label: 'Desk' });

    it('keeps PagerDuty’s rule shape: handoff_type defaults to both, GET one and the list, PUT is partial, DELETE 204 then 404', async () => {
      const r = await w.request('POST', `/users/${ann.id}/oncall_handoff_notification_rules`, { oncall_handoff_notification_rule: { contact_method: { id: annCm } } });
      assert.equal(r.statusCode, 201, r.body);
      const created = r.json().oncall_handoff_notification_rule;
      assert.deepEqual(created, {
        id: created.id,
        type: 'oncall_handoff_notification_rule',
        handoff_type: 'both',
        notify_advance_in_minutes: 0,
        contact_method: { id: annCm, type: 'email_contact_method_reference', summary: 'Work', self: `${pub}/users/${ann.id}/contact_methods/${annCm}`, html_url: null },
      });
      const url = `/users/${ann.id}/oncall_handoff_notification_rules/${created.id}`;
      assert.deepEqual((await w.request('GET', url)).json().oncall_handoff_notification_rule, created);
      const put = await w.request('PUT', url, { oncall_handoff_notification_rule: { notify_advance_in_minutes: 30 } });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(put.json().oncall_handoff_notification_rule, { ...created, notify_advance_in_minutes: 30 });
      const list = (await w.request('GET', `/users/${ann.id}/oncall_handoff_notification_rules`)).json().oncall_handoff_notification_rules;
      assert.deepEqual(list, [{ ...created, notify_advance_in_minutes: 30 }]);
      assert.equal((await w.request('DELETE', url)).statusCode, 204);
      assert.equal((await w.request('GET', url)).statusCode, 404);
      assert.equal((await w.request('DELETE', url)).statusCode, 404);
    });

    it('refuses a phone call, another user’s contact method, a bad handoff_type or advance (400), and other users’ tokens (403)', async () => {
      const post = (userId: string, body: Record<string, unknown>, token?: string) =>
        w.request('POST', `/users/${userId}/oncall_handoff_notification_rules`, { oncall_handoff_notification_rule: body }, token ? { token } : {});
      const phone = await post(bob.id, { contact_method: { id: bobPhone } });
      assert.equal(phone.statusCode, 400);
      assert.match(phone.body, /phone call/);
      assert.equal((await post(bob.id, { contact_method: { id: annCm } })).statusCode, 400);
      assert.equal((await post(ann.id, { contact_method: { id: annCm }, handoff_type: 'sometimes' })).statusCode, 400);
      assert.equal((await post(ann.id, { contact_method: { id: annCm }, notify_advance_in_minutes: -1 })).statusCode, 400);
      assert.equal((await post(ann.id, {})).statusCode, 400);
      assert.equal((await post(ann.id, { contact_method: { id: annCm } }, bob.token)).statusCode, 403);
      assert.equal((await w.request('GET', `/users/PNOBODY/oncall_handoff_notification_rules`)).statusCode, 404);
    });

    it('tells each user at their advance, once, and an override added after planning changes who is told', async () => {
      await rule(ann.id, annCm, 'both', 60);
      await rule(bob.id, bobCm, 'oncall', 0);
      await rule(carol.id, carolCm, 'oncall', 60);
      // Daily turns at 00:00 UTC: Ann on the 5th, Bob the 6th, Ann the 7th, Bob the 8th …
      const s = await w.request('POST', '/schedules', {
        schedule: {
          name: 'Ops',
          time_zone: 'UTC',
          schedule_layers: [
            {
              start: '2026-01-05T00:00:00Z',
              rotation_virtual_start: '2026-01-05T00:00:00Z',
              rotation_turn_length_seconds: 86_400,
              users: [ann.id, bob.id].map((id) => ({ user: { id, type: 'user_reference' } })),
            },
          ],
        },
      });
      assert.equal(s.statusCode, 201, s.body);
      const scheduleId = s.json().schedule.id as string;
      // Handoffs are announced for schedules on a policy that says `always` (or that a service uses).
      await policy('Ops policy', scheduleId, 'always');

      await tick();
      assert.equal(mailsTo(annMail).length, 0, 'nothing is due at 10:00 on the 5th');
      // Durable: the next plan is a timer row, due when Ann's off-call notice is (an hour before midnight).
      const [timer] = await listTimersOfSubject(w.t.app.ctx.db, scheduleId);
      assert.equal(timer.kind, 'schedule.handoff');
      assert.equal(timer.dueAt, DAY0 + 23 * H);

      clock.set(DAY0 + 23 * H - 60_000);
      await tick();
      assert.equal(mailsTo(annMail).length, 0, 'one minute early: nothing');

      clock.set(DAY0 + 23 * H);
      await tick();
      await w.smtp.until((all) => all.some((m) => m.subject?.includes('Ops ends')), 'Ann’s off-call mail');
      const [off] = mailsTo(annMail);
      assert.equal(off.subject, '[Tocsin] On-call handoff: your shift on Ops ends Tue 6 Jan, 00:00 UTC');
      assert.match(off.text ?? '', /Your on-call shift on Ops ends Tue 6 Jan, 00:00 UTC\./);
      assert.equal(smsTo('+14155550199').length, 0, 'Bob asked for no advance');

      // A write to the schedule plans again at once; the ledger keeps the notice from going twice.
      assert.equal((await w.request('PUT', `/schedules/${scheduleId}`, { schedule: { description: 'renamed' } })).statusCode, 200);
      await tick();
      assert.equal(mailsTo(annMail).length, 1, 'Ann is told once');

      clock.set(DAY0 + 24 * H);
      await tick();
      const texts = smsTo('+14155550199');
      assert.equal(texts.length, 1);
      assert.equal(texts[0].form.Body, 'Tocsin: Your on-call shift on Ops started Tue 6 Jan, 00:00 UTC.');
      assert.equal(mailsTo(annMail).length, 1, 'Ann asked for both, but her off-call mail went already');

      // Planned: Ann on at 00:00 on the 7th, told at 23:00 on the 6th. Then Carol takes the 7th.
      clock.set(DAY0 + 36 * H);
      await tick();
      const o = await w.request('POST', `/schedules/${scheduleId}/overrides`, {
        override: { start: '2026-01-07T00:00:00Z', end: '2026-01-08T00:00:00Z', user: { id: carol.id, type: 'user_reference' } },
      });
      assert.equal(o.statusCode, 201, o.body);
      clock.set(DAY0 + 47 * H);
      await tick();
      await w.smtp.until((all) => all.some((m) => m.subject?.includes('Carol') || mailsTo(carolMail).length > 0), 'Carol’s on-call mail');
      const carolMails = mailsTo(carolMail);
      assert.equal(carolMails.length, 1);
      assert.equal(carolMails[0].subject, '[Tocsin] On-call handoff: your shift on Ops starts Wed 7 Jan, 00:00 UTC');
      assert.equal(mailsTo(annMail).length, 1, 'Ann is not told of the shift the override took');

      // GET /notifications lists what was sent, without an incident.
      const n = await w.request('GET', `/notifications?since=2026-01-05T00:00:00Z&until=2026-01-08T00:00:00Z`);
      assert.equal(n.statusCode, 200, n.body);
      const types = (n.json().notifications as Array<{ type: string; user: { id: string } }>).map((x) => [x.type, x.user.id]).sort();
      assert.deepEqual(types, [['email_notification', ann.id], ['email_notification', carol.id], ['sms_notification', bob.id]].sort());
    });

    it('a new rule plans the schedules its user is on again at once', async () => {
      // Bob goes off at 00:00 on the 9th (the 8th is his); an offcall rule made at 23:30 on the 8th, 60 minutes ahead, is due already.
      clock.set(DAY0 + 95 * H + 30 * 60_000);
      await tick();
      const bobMail = `bob.${bob.id.toLowerCase()}@example.com`;
      const cm = await contact(bob.id, { type: 'email_contact_method', address: bobMail, label: 'Mail' });
      await rule(bob.id, cm, 'offcall', 60);
      await tick();
      await w.smtp.until(() => mailsTo(bobMail).length > 0, 'Bob’s off-call mail');
      assert.equal(mailsTo(bobMail)[0].subject, '[Tocsin] On-call handoff: your shift on Ops ends Fri 9 Jan, 00:00 UTC');
    });

    it('announces a schedule’s handoffs only when a policy on it says always, or says if_has_services and a service uses it', async () => {
      const dave = await w.t.makeUser('user', 'Dave');
      const daveMail = `dave.${dave.id.toLowerCase()}@example.com`;
      await rule(dave.id, await contact(dave.id, { type: 'email_contact_method', address: daveMail }), 'oncall', 0);
      // Dave alone, in 12-hour turns from 00:00 on the 10th; the Quiet schedule's handoffs to him come every 12 hours… but he is
      // its only user, so the final schedule is one long span: a second user makes real handoffs.
      const s = await w.request('POST', '/schedules', {
        schedule: {
          name: 'Quiet',
          time_zone: 'UTC',
          schedule_layers: [
            { start: '2026-01-10T00:00:00Z', rotation_virtual_start: '2026-01-10T00:00:00Z', rotation_turn_length_seconds: 43_200, users: [dave.id, carol.id].map((id) => ({ user: { id, type: 'user_reference' } })) },
          ],
        },
      });
      assert.equal(s.statusCode, 201, s.body);
      const quiet = s.json().schedule.id as string;
      const policyId = await policy('Quiet policy', quiet, 'if_has_services');
      clock.set(Date.parse('2026-01-10T00:00:00Z'));
      await tick();
      assert.equal(mailsTo(daveMail).length, 0, 'no service uses the policy: not announced');
      const svc = await w.request('POST', '/services', { service: { name: 'Quiet service', escalation_policy: { id: policyId, type: 'escalation_policy_reference' } } });
      assert.equal(svc.statusCode, 201, svc.body);
      clock.set(Date.parse('2026-01-11T00:00:00Z'));
      await tick();
      await w.smtp.until(() => mailsTo(daveMail).length > 0, 'Dave’s on-call mail');
      assert.deepEqual(mailsTo(daveMail).map((m) => m.subject), ['[Tocsin] On-call handoff: your shift on Quiet started Sun 11 Jan, 00:00 UTC']);
    });
  });
});
