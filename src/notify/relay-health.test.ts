// The SMTP relay watch: a clear line when the relay cannot be reached at start, and again when it is
// back; a real SMTP server (smtp-server) comes up on the port the relay URL names.
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { smtpProvider, type ContactMessage } from './providers.js';
import { describeRelay, RelayHealth, probeRelay } from './relay-health.js';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function startRelay(port: number): Promise<{ mails: number; close(): Promise<void> }> {
  const state = { mails: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _s, done) {
      stream.resume();
      stream.on('end', () => ((state.mails += 1), done()));
    },
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return Object.assign(state, { close: () => new Promise<void>((r) => server.close(() => r())) });
}

function capture() {
  const lines: Array<{ level: number; msg: string; relay?: string }> = [];
  const log = pino({ level: 'info' }, new Writable({ write: (c, _e, done) => (lines.push(JSON.parse(c.toString())), done()) }));
  return { log, lines };
}

const until = async (pred: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(pred(), what);
};

const message: ContactMessage = {
  contactType: 'email_contact_method', address: 'oncall@example.com', countryCode: null, label: 'Work', userId: 'PUSER01', short: false,
  subject: 'Incident', text: 'Incident text', incident: { id: 'PINC', number: 1, title: 'Down', status: 'triggered', urgency: 'high', service: null, htmlUrl: 'http://x' },
  eventType: 'incident.triggered', links: null,
};

describe('SMTP relay watch', () => {
  it('logs once that the relay cannot be reached at start, and once when it comes back', async () => {
    const port = await freePort();
    const url = `smtp://127.0.0.1:${port}`;
    const { log, lines } = capture();
    const health = new RelayHealth(url, log, () => probeRelay(url), 50);
    after(() => health.stop());
    health.start();
    await until(() => lines.length > 0, 'a line about the relay');
    assert.equal(lines[0].level, 40);
    assert.match(lines[0].msg, new RegExp(`SMTP relay smtp://127\\.0\\.0\\.1:${port} cannot be reached \\(.*ECONNREFUSED.*\\): notification email waits in the outbox`));
    // Probed again while down, but said once.
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(lines.length, 1);

    const relay = await startRelay(port);
    after(() => relay.close());
    await until(() => lines.length > 1, 'a line when the relay is back');
    assert.equal(lines[1].level, 30);
    assert.match(lines[1].msg, /is reachable again/);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(lines.length, 2, 'no more probes once it is up');
  });

  it('learns from sends too: a refused connection is down, the next delivered mail is back', async () => {
    const port = await freePort();
    const url = `smtp://127.0.0.1:${port}`;
    const { log, lines } = capture();
    const health = new RelayHealth(url, log, () => probeRelay(url), 60_000);
    after(() => health.stop());
    const provider = smtpProvider(url, 'Tocsin <n@tocsin.test>', health);
    await assert.rejects(provider.send(message), /SMTP:/);
    await assert.rejects(provider.send(message), /SMTP:/);
    assert.deepEqual(lines.map((l) => l.level), [40]);
    const relay = await startRelay(port);
    after(() => relay.close());
    await provider.send(message);
    assert.equal(relay.mails, 1);
    assert.deepEqual(lines.map((l) => l.level), [40, 30]);
    assert.match(lines[1].msg, /reachable again/);
  });

  it('masks the relay password in what it logs', () => {
    assert.equal(describeRelay('smtps://mailer:s3cret@mail.example.com:465'), 'smtps://mailer:***@mail.example.com:465');
  });
});
