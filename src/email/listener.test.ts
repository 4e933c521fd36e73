import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { converse, startListener as start } from './test-fixtures.js';

describe('SMTP listener', () => {
  let s: Awaited<ReturnType<typeof start>>;
  before(async () => {
    s = await start();
  });
  after(() => s.close());

  it('accepts mail to an integration address and hands it over before answering', async () => {
    const info = await s.transport.sendMail({ from: 'mon@example.com', to: 'OPS@tocsin.test', subject: 'Disk full', text: 'on db1', attachments: [{ filename: 'a.txt', content: 'x' }] });
    assert.match(info.response, /^250 /);
    const d = s.delivered.at(-1)!;
    assert.equal(d.integrationId, 'PINT001');
    assert.equal(d.decision.summary, 'Disk full');
    assert.equal(d.decision.details.body, 'on db1');
    assert.equal(d.decision.details.attachments, 1);
  });

  it('refuses an unknown recipient with 550 and stores nothing', async () => {
    const before = s.delivered.length;
    await assert.rejects(s.transport.sendMail({ from: 'a@b.c', to: 'nobody@tocsin.test', subject: 'x', text: 'y' }), (e: { responseCode?: number }) => e.responseCode === 550);
    assert.equal(s.delivered.length, before);
  });

  it('answers 250 but stores nothing for mail the filters discard', async () => {
    const before = s.delivered.length;
    const info = await s.transport.sendMail({ from: 'a@b.c', to: 'db@tocsin.test', subject: 'web is slow', text: 'y' });
    assert.match(info.response, /^250 /);
    assert.equal(s.delivered.length, before);
  });

  it('makes one event per integration for several recipients', async () => {
    const before = s.delivered.length;
    await s.transport.sendMail({ from: 'a@b.c', to: ['ops@tocsin.test', 'db@tocsin.test', 'ops@TOCSIN.test'], subject: 'DB down', text: 'y' });
    assert.deepEqual(s.delivered.slice(before).map((d) => d.integrationId).sort(), ['PINT001', 'PINT002']);
  });

  it('refuses oversize mail with 552', async () => {
    const before = s.delivered.length;
    await assert.rejects(s.transport.sendMail({ from: 'a@b.c', to: 'ops@tocsin.test', subject: 'big', text: 'z'.repeat(60_000) }), (e: { responseCode?: number }) => e.responseCode === 552);
    assert.equal(s.delivered.length, before);
  });

  it('refuses more recipients than the limit with 452', async () => {
    const r = await converse(s.port, ['EHLO x', 'MAIL FROM:<a@b.c>', 'RCPT TO:<ops1@tocsin.test>', 'RCPT TO:<ops2@tocsin.test>', 'RCPT TO:<ops3@tocsin.test>', 'RCPT TO:<ops4@tocsin.test>', 'QUIT']);
    assert.match(r[5], /^250/);
    assert.match(r[6], /^452/);
  });

  it('refuses a client over its connection limit with 421', async () => {
    const a = net.connect(s.port, '127.0.0.1');
    const b = net.connect(s.port, '127.0.0.1');
    await Promise.all([a, b].map((x) => new Promise((r) => x.once('data', r))));
    const r = await converse(s.port, []);
    assert.match(r[0], /^421/);
    a.destroy();
    b.destroy();
  });
});

describe('SMTP listener limits and failures', () => {
  it('slows a client down past its message rate (451) and lets it in again a minute later', async () => {
    const s = await start({ messagesPerMinutePerClient: 2 });
    after(() => s.close());
    const send = () => s.transport.sendMail({ from: 'a@b.c', to: 'ops@tocsin.test', subject: 'r', text: 'y' });
    await send();
    await send();
    await assert.rejects(send(), (e: { responseCode?: number }) => e.responseCode === 451);
    s.tick(60_000);
    await send();
    assert.equal(s.delivered.length, 3);
  });

  it('answers 451 (retry later) when mail in flight would pass the memory budget', async () => {
    const s = await start({ maxBufferedBytes: 2000 });
    after(() => s.close());
    await assert.rejects(s.transport.sendMail({ from: 'a@b.c', to: 'ops@tocsin.test', subject: 'r', text: 'y'.repeat(5000) }), (e: { responseCode?: number }) => e.responseCode === 451);
    await s.transport.sendMail({ from: 'a@b.c', to: 'ops@tocsin.test', subject: 'small', text: 'y' });
    assert.deepEqual(s.delivered.map((d) => d.decision.summary), ['small'], 'the budget is released after each message');
  });

  it('answers 451 (retry later) when the store fails', async () => {
    const s = await start({}, true);
    after(() => s.close());
    await assert.rejects(s.transport.sendMail({ from: 'a@b.c', to: 'ops@tocsin.test', subject: 'r', text: 'y' }), (e: { responseCode?: number }) => e.responseCode === 451);
  });

  it('accepts malformed MIME and still makes an event of it', async () => {
    const s = await start();
    after(() => s.close());
    const r = await converse(s.port, ['EHLO x', 'MAIL FROM:<a@b.c>', 'RCPT TO:<ops@tocsin.test>', 'DATA', 'Content-Type: multipart/mixed; boundary="unterminated\r\nSubject: =?bogus?Q?broken\r\n\r\n--nope\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n.', 'QUIT']);
    assert.match(r[5], /^250/, r.join('\n'));
    assert.equal(s.delivered.length, 1);
  });
});
