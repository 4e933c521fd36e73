// `tocsin doctor` as a program: on a good setup (a running server, a real SMTP relay, an HTTP
// provider) every check is ok and it exits 0; on a bad one it names each problem with what to fix and
// exits 1. Real processes; the relay is a real SMTP server (test/notify/fakes.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startSmtpSink } from '../notify/fakes.js';
import { killAll, tocsin } from './proc.js';

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('tocsin doctor', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-doctor-'));
  after(async () => {
    await killAll();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('says everything is right, and exits 0, when every dependency answers', async () => {
    const relay = await startSmtpSink();
    after(() => relay.close());
    const provider = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
    after(() => new Promise<void>((r) => provider.close(() => r())));
    const env = {
      TOCSIN_DATA_DIR: path.join(tmp, 'good'),
      TOCSIN_BOOTSTRAP_PASSWORD: 'owner password',
      TOCSIN_SMTP_RELAY_URL: relay.url,
      TOCSIN_NOTIFY_HTTP_PROVIDER_URL: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/notify`,
    };
    const server = tocsin(['serve'], env);
    const port = await server.serving();
    const d = tocsin(['doctor'], { ...env, TOCSIN_PUBLIC_URL: `http://127.0.0.1:${port}` });
    assert.equal(await d.exited, 0, d.stdout + d.stderr);
    const lines = d.stdout.split('\n');
    for (const area of ['configuration', 'database', 'account owner', 'SMTP relay', 'notification channels', 'public URL']) {
      assert.ok(lines.some((l) => l.startsWith(`ok    ${area}:`)), `${area} ok in:\n${d.stdout}`);
    }
    assert.match(d.stdout, /database: SQLite .*tocsin\.db, schema up to date/);
    assert.match(d.stdout, new RegExp(`SMTP relay: smtp://127\\.0\\.0\\.1:\\d+ answers`));
    assert.match(d.stdout, /Everything looks right\.\n$/);
    assert.doesNotMatch(d.stdout, /warn|FAIL/);
    assert.equal(relay.mails.length, 0, 'no email sent');
    await server.kill();
  });

  it('names each problem with what to fix, and exits 1', async () => {
    const [smtpPort, providerPort, httpPort] = await Promise.all([closedPort(), closedPort(), closedPort()]);
    const d = tocsin(['doctor'], {
      TOCSIN_DATA_DIR: path.join(tmp, 'empty'),
      TOCSIN_SMTP_RELAY_URL: `smtp://mailer:s3cret@127.0.0.1:${smtpPort}`,
      TOCSIN_NOTIFY_HTTP_PROVIDER_URL: `http://127.0.0.1:${providerPort}/notify`,
      TOCSIN_PUBLIC_URL: `http://127.0.0.1:${httpPort}`,
    });
    assert.equal(await d.exited, 1, d.stdout + d.stderr);
    const out = d.stdout;
    assert.match(out, /^warn {2}database: no database yet at .*empty\/tocsin\.db\n {6}fix: `tocsin serve` \(or `tocsin migrate`\) creates it/m);
    assert.match(out, new RegExp(`^FAIL  SMTP relay: smtp://mailer:\\*\\*\\*@127\\.0\\.0\\.1:${smtpPort} cannot be reached \\(.*ECONNREFUSED.*\\)\\n {6}fix: check TOCSIN_SMTP_RELAY_URL`, 'm'));
    assert.match(out, new RegExp(`^FAIL  notification channels: the HTTP provider at 127\\.0\\.0\\.1:${providerPort} cannot be reached .*\\n {6}fix: check TOCSIN_NOTIFY_HTTP_PROVIDER_URL`, 'm'));
    assert.match(out, new RegExp(`^FAIL  public URL: cannot reach http://127\\.0\\.0\\.1:${httpPort}/healthz .*\\n {6}fix: start the server`, 'm'));
    assert.match(out, /3 problems to fix, 1 warning\.\n$/);
    assert.doesNotMatch(out + d.stderr, /s3cret/, 'the relay password is masked');
    assert.equal(fs.existsSync(path.join(tmp, 'empty', 'tocsin.db')), false, 'doctor creates no database');
  });

  it('reports a bad setting, an unreachable PostgreSQL and an unclaimed owner', async () => {
    const bad = tocsin(['doctor'], { TOCSIN_HTTP_PORT: 'abc' });
    assert.equal(await bad.exited, 1);
    assert.match(bad.stdout, /^FAIL {2}configuration: TOCSIN_HTTP_PORT must be a port number from 0 to 65535, got "abc"\n {6}fix: correct that variable/m);

    const pg = tocsin(['doctor'], { TOCSIN_DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/tocsin', TOCSIN_PUBLIC_URL: `http://127.0.0.1:${await closedPort()}` });
    assert.equal(await pg.exited, 1);
    assert.match(pg.stdout, /^FAIL {2}database: cannot use PostgreSQL postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/tocsin \(.*\)\n {6}fix: check TOCSIN_DATABASE_URL/m);
    assert.doesNotMatch(pg.stdout, /secret/);

    // A server that ran without TOCSIN_BOOTSTRAP_PASSWORD: the owner is there, unclaimed.
    const dataDir = path.join(tmp, 'unclaimed');
    const server = tocsin(['serve'], { TOCSIN_DATA_DIR: dataDir });
    const port = await server.serving();
    const d = tocsin(['doctor'], { TOCSIN_DATA_DIR: dataDir, TOCSIN_PUBLIC_URL: `http://127.0.0.1:${port}` });
    assert.equal(await d.exited, 0, d.stdout);
    assert.match(d.stdout, /^warn {2}account owner: owner@tocsin\.localhost has no password yet.*\n {6}fix: open http:\/\/127\.0\.0\.1:\d+\/ui\/setup and enter the setup code/m);
    // The owner got PagerDuty's default email contact method at bootstrap, and no relay is set to reach it.
    assert.match(d.stdout, /^warn {2}SMTP relay: not configured: 1 email contact method\(s\) get no notification email$/m);
    assert.match(d.stdout, /No problems; 2 warnings to read\.\n$/);
    await server.kill();
  });
});
