import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer from 'nodemailer';
import { loadConfig } from '../config.js';
import { RawSmtp, startListener } from './test-fixtures.js';

// Clients that hold connections or probe addresses (issue 18). Distinct clients are 127.0.0.N: Linux
// routes the whole 127/8 to lo.

/** Opens idle connections (greeting read, nothing sent) from `addresses` × `each`. */
async function idle(port: number, addresses: number, each: number, first = 2): Promise<RawSmtp[]> {
  const conns: RawSmtp[] = [];
  for (let a = 0; a < addresses; a++) for (let k = 0; k < each; k++) conns.push(new RawSmtp(port, `127.0.0.${first + a}`));
  const greetings = await Promise.all(conns.map((c) => c.reply()));
  assert.ok(greetings.every((g) => g?.startsWith('220')), 'every idle connection was let in');
  return conns;
}

function sendFrom(port: number, localAddress: string) {
  return nodemailer
    .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, localAddress })
    .sendMail({ from: 'monitor@example.com', to: 'ops@tocsin.test', subject: 'Disk full', text: 'on db1' });
}

describe('SMTP listener under a flood of idle connections', () => {
  it('still takes mail when 200 idle connections from 20 addresses fill the default client limit, again and again', async () => {
    const { smtp } = loadConfig({});
    assert.equal(smtp.maxClients, 200);
    assert.equal(smtp.maxConnectionsPerClient, 10);
    const s = await startListener({ ...smtp });
    after(() => s.close());
    const flood = await idle(s.port, 20, 10);
    after(() => flood.forEach((c) => c.destroy()));
    for (let round = 0; round < 3; round++) {
      const info = await sendFrom(s.port, '127.0.0.1');
      assert.match(info.response, /^250 /, `round ${round}`);
      // The flooder reconnects at once to take its slot back.
      flood.push(...(await idle(s.port, 1, 1, 2)));
    }
    assert.equal(s.delivered.length, 3);
    // The oldest idle connections made room, one per newcomer, with a 421 that says why.
    assert.match((await flood[0].reply()) ?? '', /^421 4\.7\.0 Too many connected clients/);
    assert.equal(flood[0].closed, true);
    flood.forEach((c) => c.destroy());
  });

  it('refuses a newcomer only when every connection has named a valid recipient', async () => {
    const s = await startListener({ maxClients: 2, maxConnectionsPerClient: 5 });
    after(() => s.close());
    const busy = [new RawSmtp(s.port, '127.0.0.2'), new RawSmtp(s.port, '127.0.0.3')];
    after(() => busy.forEach((c) => c.destroy()));
    for (const c of busy) {
      await c.reply();
      assert.match((await c.command('EHLO sender')) ?? '', /^250/);
      assert.match((await c.command('MAIL FROM:<a@b.c>')) ?? '', /^250/);
      assert.match((await c.command('RCPT TO:<ops@tocsin.test>')) ?? '', /^250/);
    }
    const late = new RawSmtp(s.port, '127.0.0.4');
    assert.match((await late.reply()) ?? '', /^421 4\.7\.0 Too many connected clients/);
    await late.ended();
    for (const c of busy) assert.match((await c.command('NOOP')) ?? '', /^250/, 'senders keep their connections');
    busy.forEach((c) => c.destroy());
  });

  it('drops a connection that names no valid recipient within the deadline, and gives senders the long timeout', async () => {
    const s = await startListener({ preRcptTimeoutMs: 300, idleTimeoutMs: 5_000 });
    after(() => s.close());
    const silent = new RawSmtp(s.port, '127.0.0.2');
    const chatty = new RawSmtp(s.port, '127.0.0.3');
    const sender = new RawSmtp(s.port, '127.0.0.4');
    after(() => [silent, chatty, sender].forEach((c) => c.destroy()));
    for (const c of [silent, chatty, sender]) assert.match((await c.reply()) ?? '', /^220/);
    assert.match((await sender.command('EHLO sender')) ?? '', /^250/);
    assert.match((await sender.command('MAIL FROM:<a@b.c>')) ?? '', /^250/);
    assert.match((await sender.command('RCPT TO:<ops@tocsin.test>')) ?? '', /^250/);
    const started = Date.now();
    // Keeping busy without a valid recipient (a trickle of NOOPs) does not extend the deadline.
    const trickle = (async () => {
      for (;;) {
        // Once closed, this reads the 421 that came while we slept.
        const r = await chatty.command('NOOP');
        if (r === null || !r.startsWith('250')) return r;
        await sleep(50);
      }
    })();
    assert.match((await silent.reply()) ?? '', /^421 4\.4\.2 Timeout/);
    await silent.ended();
    assert.match((await trickle) ?? '', /^421 4\.4\.2 Timeout/);
    await chatty.ended();
    const took = Date.now() - started;
    assert.ok(took < 2_000, `dropped after ${took} ms`);
    await sleep(300);
    assert.match((await sender.command('NOOP')) ?? '', /^250/, 'a sender past RCPT keeps the long timeout');
    assert.match((await sender.command('DATA')) ?? '', /^354/);
    assert.match((await sender.command('Subject: late\r\n\r\nbody\r\n.')) ?? '', /^250/);
    assert.equal(s.delivered.length, 1);
    sender.destroy();
  });
});

describe('SMTP listener against recipient probing', () => {
  const probe = (c: RawSmtp, n: number) => c.command(`RCPT TO:<guess${n}@tocsin.test>`);

  it('answers 5 unknown recipients per session with 550, then 421 and closes', async () => {
    const s = await startListener();
    after(() => s.close());
    const c = new RawSmtp(s.port, '127.0.0.2');
    after(() => c.destroy());
    await c.reply();
    await c.command('EHLO prober');
    await c.command('MAIL FROM:<a@b.c>');
    for (let n = 0; n < 5; n++) assert.match((await probe(c, n)) ?? '', /^550 5\.1\.1/, `guess ${n}`);
    assert.match((await probe(c, 5)) ?? '', /^421 4\.7\.1 Too many unknown recipients/);
    await c.ended();
    assert.equal(await c.command('RCPT TO:<ops@tocsin.test>'), null, 'nothing more is answered in that session');
  });

  it('limits unknown recipients per client address over a window, without refusing its valid mail', async () => {
    const s = await startListener({ unknownRecipientsPerClient: 8, unknownRecipientWindowMs: 600_000 });
    after(() => s.close());
    const session = async (from: string, guesses: number[]) => {
      const c = new RawSmtp(s.port, from);
      await c.reply();
      await c.command('EHLO prober');
      await c.command('MAIL FROM:<a@b.c>');
      const out: Array<string | null> = [];
      for (const g of guesses) out.push(await probe(c, g));
      return { c, out };
    };
    const first = await session('127.0.0.2', [1, 2, 3, 4, 5]);
    assert.ok(first.out.every((r) => r?.startsWith('550')));
    first.c.destroy();
    const second = await session('127.0.0.2', [6, 7, 8, 9]);
    assert.deepEqual(second.out.map((r) => r?.slice(0, 3)), ['550', '550', '550', '421'], 'the 9th unknown recipient in the window drops the connection');
    second.c.destroy();
    // Past the limit, each unknown recipient drops the connection at once; a valid one still works
    // (a relay in front of Tocsin sends everyone's mail from one address).
    const third = await session('127.0.0.2', []);
    assert.match((await third.c.command('RCPT TO:<ops@tocsin.test>')) ?? '', /^250/);
    assert.match((await probe(third.c, 10)) ?? '', /^421/);
    third.c.destroy();
    assert.match((await sendFrom(s.port, '127.0.0.2')).response, /^250 /);
    // Other clients are not affected, and the window passes.
    const other = await session('127.0.0.3', [11]);
    assert.match(other.out[0] ?? '', /^550/);
    other.c.destroy();
    s.tick(600_000);
    const later = await session('127.0.0.2', [12]);
    assert.match(later.out[0] ?? '', /^550/);
    later.c.destroy();
  });
});
