// SMS and phone through Twilio, end to end over real HTTP: Tocsin listens on a local port that is its
// TOCSIN_PUBLIC_URL, and a fake Twilio (twilio-fake.ts) takes the API calls and calls Tocsin's webhooks
// back with correctly computed X-Twilio-Signature headers.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { listOutbox } from '../../src/notify/outbox-store.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { notifyWorld, openIncident, serviceFor, type NotifyWorld } from './setup.js';
import { signTwilio, startFakeTwilio, type FakeTwilio, type TwilioRequest } from './twilio-fake.js';

const FROM = '+15005550006';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A world whose public URL is where it listens, with Twilio pointed at the fake. */
async function twilioWorld(dialect: 'sqlite' | 'postgres'): Promise<{ w: NotifyWorld; fake: FakeTwilio; pub: string }> {
  const fake = await startFakeTwilio();
  const port = await freePort();
  const pub = `http://127.0.0.1:${port}`;
  const w = await notifyWorld(dialect, {
    TOCSIN_PUBLIC_URL: pub,
    TOCSIN_TWILIO_ACCOUNT_SID: fake.accountSid,
    TOCSIN_TWILIO_AUTH_TOKEN: fake.authToken,
    TOCSIN_TWILIO_FROM: FROM,
    TOCSIN_TWILIO_API_URL: fake.url,
  });
  await w.t.app.http.listen({ host: '127.0.0.1', port });
  after(() => fake.close());
  return { w, fake, pub };
}

let phone = 10;
/** A user whose only rule (high urgency, at once) is an SMS or phone contact method at a fresh number. */
async function phoneUser(w: NotifyWorld, name: string, type: 'sms_contact_method' | 'phone_contact_method') {
  const u = await w.t.makeUser('user', name);
  const national = `41555501${String(phone++).padStart(2, '0')}`;
  const cm = await w.request('POST', `/users/${u.id}/contact_methods`, { contact_method: { type, label: 'Mobile', address: national, country_code: 1 } });
  assert.equal(cm.statusCode, 201, cm.body);
  const r = await w.request('POST', `/users/${u.id}/notification_rules`, { notification_rule: { start_delay_in_minutes: 0, contact_method: { id: cm.json().contact_method.id }, urgency: 'high' } });
  assert.equal(r.statusCode, 201, r.body);
  return { ...u, e164: `+1${national}` };
}

type Entry = { type: string; summary: string; agent?: { id: string } | null; user?: { id: string }; channel: { type?: string; notification?: { status: string; reason?: string } } };

forEachDialect((dialect) => {
  describe(`${dialect}: SMS and phone through Twilio`, async () => {
    const { w, fake, pub } = await twilioWorld(dialect);
    const log = async (id: string) => (await w.request('GET', `/incidents/${id}/log_entries`)).json().log_entries as Entry[];
    const incident = async (id: string) => (await w.request('GET', `/incidents/${id}`)).json().incident;
    const to = (n: string) => fake.requests.filter((r) => r.form.To === n);
    const sms = (from: string, body: string) =>
      fake.webhook(`${pub}/twilio/sms`, { AccountSid: fake.accountSid, MessageSid: 'SM' + 'e'.repeat(32), From: from, To: FROM, Body: body, NumMedia: '0', ApiVersion: '2010-04-01' });

    const ann = await phoneUser(w, 'Ann', 'sms_contact_method');
    const svc = await serviceFor(w, [[ann.id]]);

    it("texts through Twilio's Messages resource: Basic auth, To in E.164, From, a one-segment body, the status callback", async () => {
      const inc = await openIncident(w, svc.id, 'Disk full on db-1');
      await w.n.worker.drain();
      const got = to(ann.e164);
      assert.equal(got.length, 1);
      const r = got[0];
      assert.equal(r.resource, 'Messages');
      assert.equal(r.path, `/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);
      assert.equal(r.auth, 'Basic ' + Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64'));
      assert.match(r.contentType ?? '', /^application\/x-www-form-urlencoded/);
      assert.deepEqual(r.form, {
        To: ann.e164,
        From: FROM,
        Body: `#${inc.number} HIGH ${svc.name}: Disk full on db-1. Reply 4:Ack 6:Resolve`,
        StatusCallback: `${pub}/twilio/status`,
      });
      assert.ok(r.form.Body.length <= 160);
      const sent = (await log(inc.id)).find((e) => e.type === 'notify_log_entry' && e.user?.id === ann.id);
      assert.equal(sent?.channel.notification?.status, 'sent');
    });

    it('a reply "4" acknowledges as the number\'s owner, "6" resolves the latest, "6 <number>" an older one', async () => {
      const first = await openIncident(w, svc.id, 'First');
      await w.n.worker.drain();
      const ack = await sms(ann.e164, '4');
      assert.equal(ack.status, 200, ack.body);
      assert.match(ack.contentType ?? '', /^text\/xml/);
      assert.match(ack.body, new RegExp(`<Response><Message>Tocsin: Acknowledged #${first.number} First</Message></Response>$`));
      const i = await incident(first.id);
      assert.equal(i.status, 'acknowledged');
      assert.equal(i.acknowledgements[0].acknowledger.id, ann.id);
      const ackEntry = (await log(first.id)).find((e) => e.type === 'acknowledge_log_entry');
      assert.equal(ackEntry?.agent?.id, ann.id);
      assert.equal(ackEntry?.channel.type, 'sms');

      const second = await openIncident(w, svc.id, 'Second');
      await w.n.worker.drain();
      const res = await sms(ann.e164, '6');
      assert.match(res.body, new RegExp(`Resolved #${second.number} Second`));
      assert.equal((await incident(second.id)).status, 'resolved');
      assert.equal((await incident(first.id)).status, 'acknowledged', 'the reply applies to the latest message only');
      const older = await sms(ann.e164, `6 #${first.number}`);
      assert.match(older.body, new RegExp(`Resolved #${first.number} First`));
      assert.equal((await incident(first.id)).status, 'resolved');
      const again = await sms(ann.e164, '4');
      assert.match(again.body, /already resolved; nothing changed/);
      const help = await sms(ann.e164, 'what?');
      assert.match(help.body, /reply 4 to acknowledge or 6 to resolve/);
    });

    it('refuses unsigned, wrongly signed, tampered and unknown-number requests with 403, changing nothing', async () => {
      const inc = await openIncident(w, svc.id, 'Guarded');
      await w.n.worker.drain();
      const url = `${pub}/twilio/sms`;
      const params = { AccountSid: fake.accountSid, MessageSid: 'SM' + 'f'.repeat(32), From: ann.e164, To: FROM, Body: '6' };
      const tries = [
        await fake.webhook(url, params, { signature: null }),
        await fake.webhook(url, params, { signature: signTwilio('0'.repeat(32), url, params) }),
        await fake.webhook(url, params, { signature: signTwilio(fake.authToken, url, { ...params, Body: '4' }) }),
        await fake.webhook(url, params, { signature: signTwilio(fake.authToken, `${pub}/twilio/voice`, params) }),
        await fake.webhook(url, { ...params, From: '+14155550199' }),
        await fake.webhook(`${pub}/twilio/voice`, { CallSid: 'CA' + 'f'.repeat(32), From: ann.e164, To: FROM, Direction: 'inbound', Digits: '6' }, { signature: null }),
        await fake.webhook(`${pub}/twilio/status`, { MessageSid: 'SM' + 'f'.repeat(32), MessageStatus: 'failed' }, { signature: 'bm90IGl0' }),
      ];
      assert.deepEqual(tries.map((r) => r.status), [403, 403, 403, 403, 403, 403, 403]);
      assert.equal((await incident(inc.id)).status, 'triggered');
      assert.ok(!(await log(inc.id)).some((e) => e.type === 'resolve_log_entry' || e.type === 'acknowledge_log_entry'));
      // The properly signed original still works.
      assert.equal((await fake.webhook(url, params)).status, 200);
      assert.equal((await incident(inc.id)).status, 'resolved');
    });

    it('calls through the Calls resource; the answered call reads the incident and pressing 4 acknowledges', async () => {
      const bob = await phoneUser(w, 'Bob', 'phone_contact_method');
      const bsvc = await serviceFor(w, [[bob.id]]);
      const inc = await openIncident(w, bsvc.id, 'Payments failing');
      await w.n.worker.drain();
      const [call] = to(bob.e164);
      assert.equal(call.resource, 'Calls');
      assert.equal(call.path, `/2010-04-01/Accounts/${fake.accountSid}/Calls.json`);
      assert.deepEqual(call.form, {
        To: bob.e164,
        From: FROM,
        Url: `${pub}/twilio/voice?incident=${inc.id}`,
        Method: 'POST',
        StatusCallback: `${pub}/twilio/status`,
        StatusCallbackMethod: 'POST',
      });
      const answered = { AccountSid: fake.accountSid, CallSid: call.sid!, From: FROM, To: bob.e164, Direction: 'outbound-api', CallStatus: 'in-progress' };
      const twiml = await fake.webhook(call.form.Url, answered);
      assert.equal(twiml.status, 200, twiml.body);
      assert.match(twiml.body, /<Gather numDigits="1"[^>]*action="([^"]+)"><Say>This is Tocsin\. High urgency incident \d+ on [^<]+: Payments failing\. It is triggered\. Press 4 to acknowledge, or 6 to resolve\.<\/Say><\/Gather>/);
      const action = /action="([^"]+)"/.exec(twiml.body)![1].replace(/&amp;/g, '&');
      const pressed = await fake.webhook(action, { ...answered, Digits: '4' });
      assert.match(pressed.body, new RegExp(`<Say>Acknowledged #${inc.number} Payments failing\\. Goodbye\\.</Say><Hangup/>`));
      const i = await incident(inc.id);
      assert.equal(i.status, 'acknowledged');
      assert.equal(i.acknowledgements[0].acknowledger.id, bob.id);
      assert.equal((await log(inc.id)).find((e) => e.type === 'acknowledge_log_entry')?.channel.type, 'phone');
    });

    it('a status callback "failed" counts as not delivered: logged on the incident and retried after the backoff', async () => {
      const cy = await phoneUser(w, 'Cy', 'sms_contact_method');
      const csvc = await serviceFor(w, [[cy.id]]);
      const inc = await openIncident(w, csvc.id, 'Flaky carrier');
      await w.n.worker.drain();
      const [first] = to(cy.e164);
      assert.equal((await fake.status(first, 'sent')).status, 200);
      const failed = await fake.status(first, 'failed', { ErrorCode: '30008' });
      assert.equal(failed.status, 200);
      const entry = (await log(inc.id)).find((e) => e.channel.notification?.status === 'failed');
      assert.match(entry?.summary ?? '', new RegExp(`SMS to \\${cy.e164}: failed \\(Twilio error 30008\\)`));
      const pending = (await listOutbox(w.t.app.ctx.db, { status: 'pending', kind: 'contact' })).filter((r) => r.incidentId === inc.id);
      assert.deepEqual(pending.map((r) => r.attempt), [1]);
      // A repeated callback changes nothing more.
      await fake.status(first, 'failed', { ErrorCode: '30008' });
      assert.equal((await listOutbox(w.t.app.ctx.db, { status: 'pending', kind: 'contact' })).filter((r) => r.incidentId === inc.id).length, 1);
      await w.n.worker.drain();
      assert.equal(to(cy.e164).length, 1, 'not before the backoff');
      w.t.clock.advance('5s');
      await w.n.worker.drain();
      assert.equal(to(cy.e164).length, 2, 'sent again');
      await fake.status(to(cy.e164)[1], 'delivered');
      assert.equal((await listOutbox(w.t.app.ctx.db, { status: 'pending', kind: 'contact' })).filter((r) => r.incidentId === inc.id).length, 0);
    });

    it('an unanswered call is retried; a canceled one is given up and the log says who could not be reached', async () => {
      const dee = await phoneUser(w, 'Dee', 'phone_contact_method');
      const dsvc = await serviceFor(w, [[dee.id]]);
      const inc = await openIncident(w, dsvc.id, 'Nobody home');
      await w.n.worker.drain();
      await fake.status(to(dee.e164)[0], 'no-answer');
      w.t.clock.advance('5s');
      await w.n.worker.drain();
      assert.equal(to(dee.e164).length, 2, 'called again');
      await fake.status(to(dee.e164)[1], 'canceled');
      const entries = await log(inc.id);
      const unreachable = entries.find((e) => e.channel.notification?.status === 'unreachable');
      assert.ok(unreachable, JSON.stringify(entries.map((e) => e.summary)));
      assert.match(unreachable.summary, new RegExp(`^Could not reach Dee: every notification to them failed \\(last: Phone call to \\${dee.e164}: canceled\\)`));
      assert.equal(unreachable.user?.id, dee.id);
      assert.equal(unreachable.channel.notification?.reason, 'all_failed');
      const metrics = await w.t.app.http.inject({ method: 'GET', url: '/metrics' });
      assert.match(metrics.body, /tocsin_notify_unreachable_total\{reason="all_failed"\} [1-9]/);
      assert.match(metrics.body, /tocsin_twilio_status_callbacks_total\{status="no-answer"\} 1/);
    });

    it("gives up on a Twilio 4xx answer (a bad number) at once and retries a 5xx", async () => {
      const eve = await phoneUser(w, 'Eve', 'sms_contact_method');
      const esvc = await serviceFor(w, [[eve.id]]);
      fake.failNext({ status: 503, code: 20503, message: 'Service unavailable' });
      const inc = await openIncident(w, esvc.id, 'Twilio hiccup');
      await w.n.worker.drain();
      const row = (await listOutbox(w.t.app.ctx.db, { kind: 'contact' })).find((r) => r.incidentId === inc.id)!;
      assert.equal(row.status, 'pending');
      assert.match(row.lastError ?? '', /Twilio Messages: 20503 Service unavailable/);
      fake.failNext({ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
      w.t.clock.advance('5s');
      await w.n.worker.drain();
      const dead = (await listOutbox(w.t.app.ctx.db, { kind: 'contact', status: 'dead' })).find((r) => r.incidentId === inc.id);
      assert.match(dead?.lastError ?? '', /21211/);
      assert.equal(to(eve.e164).length, 2);
    });

    it('a test notification is a plain text, listed by GET /notifications, and a reply to it changes nothing', async () => {
      const tia = await phoneUser(w, 'Tia', 'sms_contact_method');
      const cm = (await w.request('GET', `/users/${tia.id}/contact_methods`)).json().contact_methods.find((c: { type: string }) => c.type === 'sms_contact_method');
      const res = await w.request('POST', `/users/${tia.id}/contact_methods/${cm.id}/send_test_notification`, undefined, { token: tia.token });
      assert.equal(res.statusCode, 202, res.body);
      await w.n.worker.drain();
      assert.deepEqual(
        to(tia.e164).map((r) => r.form.Body),
        ['Tocsin: test notification to Mobile. This number reaches you; no incident is open.'],
      );
      const day = 86_400_000;
      const q = `since=${new Date(w.t.clock.now() - day).toISOString()}&until=${new Date(w.t.clock.now() + day).toISOString()}&filter=sms_notification`;
      const listed = (await w.request('GET', `/notifications?${q}`)).json().notifications.filter((n: { user: { id: string } }) => n.user.id === tia.id);
      assert.deepEqual(listed.map((n: { address: string; status: string }) => [n.address, n.status]), [[cm.address, 'sent']]);
      const reply = await sms(tia.e164, '4');
      assert.match(reply.body, /No incident was sent to this number/);
    });
  });
});

describe('Twilio with a Messaging Service', async () => {
  it('sends MessagingServiceSid instead of From, and does not offer calls', async () => {
    const fake = await startFakeTwilio();
    after(() => fake.close());
    const mg = 'MG' + 'a'.repeat(32);
    const w = await notifyWorld('sqlite', { TOCSIN_TWILIO_ACCOUNT_SID: fake.accountSid, TOCSIN_TWILIO_AUTH_TOKEN: fake.authToken, TOCSIN_TWILIO_FROM: mg, TOCSIN_TWILIO_API_URL: fake.url });
    const u = await phoneUser(w, 'Max', 'sms_contact_method');
    const s = await serviceFor(w, [[u.id]]);
    await openIncident(w, s.id, 'Via service');
    await w.n.worker.drain();
    const r: TwilioRequest = fake.requests[0];
    assert.equal(r.form.MessagingServiceSid, mg);
    assert.equal(r.form.From, undefined);
    const ch = (await w.request('GET', '/notification_channels')).json().notification_channels;
    assert.deepEqual([ch.sms, ch.phone, ch.sms_phone_backend], [true, false, 'twilio']);
  });
});
