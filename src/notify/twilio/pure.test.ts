import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseReply } from './inbound.js';
import { twilioSignature, verifyTwilioSignature } from './signature.js';
import { gsm7Length, smsText, toGsm7 } from './sms-text.js';
import { gatherTwiml, messageTwiml } from './twiml.js';

describe('Twilio signature', () => {
  // Twilio's documented example (its request-validation page and the vector its own libraries test).
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };

  it("matches Twilio's published example", () => {
    assert.equal(twilioSignature('12345', url, params), 'RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('refuses a missing, a wrong, a tampered or a differently addressed request', () => {
    assert.equal(verifyTwilioSignature('12345', url, params, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), true);
    assert.equal(verifyTwilioSignature('12345', url, params, undefined), false);
    assert.equal(verifyTwilioSignature('12345', url, params, 'RSOYDt4T1cUTdK1PDd93/VVr8B8'), false);
    assert.equal(verifyTwilioSignature('12345', url, { ...params, Digits: '6' }, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), false);
    assert.equal(verifyTwilioSignature('12345', url.replace('bar=2', 'bar=3'), params, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), false);
    assert.equal(verifyTwilioSignature('54321', url, params, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), false);
  });
});

describe('SMS text', () => {
  it('says number, urgency, service, summary and the reply codes in one GSM-7 segment', () => {
    const s = smsText({ number: 42, urgency: 'high', service: 'Checkout API', title: 'Disk full on db-1' });
    assert.equal(s, '#42 HIGH Checkout API: Disk full on db-1. Reply 4:Ack 6:Resolve');
    assert.ok(gsm7Length(s)! <= 160);
  });

  it('cuts a long summary and service to fit 160 characters, keeping the reply codes', () => {
    const s = smsText({ number: 123456, urgency: 'low', service: 'A very long service name '.repeat(5), title: 'Something went wrong '.repeat(20) });
    assert.ok(gsm7Length(s)! <= 160, `${gsm7Length(s)}: ${s}`);
    assert.match(s, /^#123456 low A very long service/);
    assert.match(s, /\.\.\.\. Reply 4:Ack 6:Resolve$|\.\.\. Reply 4:Ack 6:Resolve$/);
  });

  it('adds the conference bridge number before the reply codes only while the summary keeps its room', () => {
    const s = smsText({ number: 42, urgency: 'high', service: 'Checkout API', title: 'Disk full on db-1', bridgeNumber: '+1 555 0100' });
    assert.equal(s, '#42 HIGH Checkout API: Disk full on db-1. Bridge +1 555 0100. Reply 4:Ack 6:Resolve');
    const long = smsText({ number: 42, urgency: 'high', service: 'Checkout API', title: 'Disk full on db-1', bridgeNumber: '+1 555 0100 '.repeat(8) });
    assert.doesNotMatch(long, /Bridge/);
    assert.ok(gsm7Length(long)! <= 160);
  });

  it('keeps to GSM-7: look-alikes replaced, accents dropped where GSM lacks them, the rest "?"', () => {
    assert.equal(toGsm7('“Café” – naïve ✓ ok…'), '"Café" - naive ? ok...');
    const s = smsText({ number: 1, urgency: 'high', service: 'Zürich 🚀', title: 'Ошибка' });
    assert.notEqual(gsm7Length(s), null);
    assert.ok(gsm7Length(s)! <= 160);
    assert.equal(gsm7Length('{x}'), 5, 'extension characters count twice');
  });
});

describe('replies and TwiML', () => {
  it('reads 4, 6 and an optional incident number', () => {
    assert.deepEqual(parseReply('4'), { code: '4' });
    assert.deepEqual(parseReply(' 6 '), { code: '6' });
    assert.deepEqual(parseReply('4 123'), { code: '4', number: 123 });
    assert.deepEqual(parseReply('6 #7'), { code: '6', number: 7 });
    for (const bad of ['', '5', 'ack', '44', '4 x', undefined]) assert.equal(parseReply(bad), null, String(bad));
  });

  it('escapes what it carries', () => {
    assert.match(messageTwiml('a < b & "c"'), /<Response><Message>a &lt; b &amp; &quot;c&quot;<\/Message><\/Response>$/);
    const g = gatherTwiml('Press 4', 'https://x.test/twilio/voice?incident=P1&a=b', 'Bye');
    assert.match(g, /<Gather numDigits="1" timeout="10" method="POST" action="https:\/\/x.test\/twilio\/voice\?incident=P1&amp;a=b"><Say>Press 4<\/Say><\/Gather>/);
  });
});
