// A Twilio that answers in seconds fills only the outbox lane of SMS and calls: webhooks (and email)
// are still claimed and delivered at once.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { forEachDialect } from '../../src/testing/dialects.js';
import { notifyWorld, openIncident, serviceFor, subscribe } from './setup.js';
import { startFakeTwilio } from './twilio-fake.js';

forEachDialect((dialect) => {
  describe(`${dialect}: a slow Twilio slows nothing else`, async () => {
    const fake = await startFakeTwilio();
    after(() => fake.close());
    const w = await notifyWorld(dialect, {
      TOCSIN_TWILIO_ACCOUNT_SID: fake.accountSid,
      TOCSIN_TWILIO_AUTH_TOKEN: fake.authToken,
      TOCSIN_TWILIO_FROM: '+15005550006',
      TOCSIN_TWILIO_API_URL: fake.url,
    });

    it('delivers webhooks while every SMS slot waits on Twilio', async () => {
      const u = await w.t.makeUser('user', 'Slow');
      const cm = await w.request('POST', `/users/${u.id}/contact_methods`, { contact_method: { type: 'sms_contact_method', label: 'Mobile', address: '4155550177', country_code: 1 } });
      await w.request('POST', `/users/${u.id}/notification_rules`, { notification_rule: { start_delay_in_minutes: 0, contact_method: { id: cm.json().contact_method.id }, urgency: 'high' } });
      const svc = await serviceFor(w, [[u.id]]);
      await subscribe(w, ['incident.triggered']);
      fake.delayMs = 3000;
      w.n.worker.opts.concurrency = 2;
      w.n.start();
      after(() => w.n.stop());
      const t0 = Date.now();
      for (let i = 0; i < 4; i++) await openIncident(w, svc.id, `Slow ${i}`);
      await w.recv.until((all) => all.filter((r) => r.body.event.event_type === 'incident.triggered').length === 4, 'the 4 webhooks', 2500);
      const webhooksIn = Date.now() - t0;
      assert.ok(webhooksIn < 2500, `webhooks took ${webhooksIn} ms`);
      assert.equal(fake.requests.length, 2, 'two SMS in flight (the lane is full), the rest wait their turn');
      await fake.until((all) => all.length === 4, 'all four SMS', 15_000);
    });
  });
});
