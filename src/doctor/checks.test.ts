import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../config.js';
import { checkHttpProvider } from './checks.js';

describe('doctor: notification channels', () => {
  const twilio = { TOCSIN_TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32), TOCSIN_TWILIO_AUTH_TOKEN: 'f'.repeat(32) };

  it('needs no HTTP provider for SMS and phone when Twilio delivers them', async () => {
    const [f] = await checkHttpProvider(loadConfig({ ...twilio, TOCSIN_TWILIO_FROM: '+15005550006' }), { sms_contact_method: 2, phone_contact_method: 1 });
    assert.equal(f.status, 'ok');
    assert.match(f.what, /Twilio delivers SMS and phone/);
  });

  it('still warns about push, and about calls when Twilio has only a Messaging Service', async () => {
    const [f] = await checkHttpProvider(loadConfig({ ...twilio, TOCSIN_TWILIO_FROM: 'MG' + 'b'.repeat(32) }), { sms_contact_method: 2, phone_contact_method: 1, push_notification_contact_method: 1 });
    assert.equal(f.status, 'warn');
    assert.match(f.what, /^2 SMS, phone or push contact method/);
  });
});
