// `tocsin` as a program: first start on an empty data dir (the owner's token and the setup code
// written once to 0600 files, never to the log, since stdout is not a terminal), a second start (no
// token again, a new setup code), graceful SIGTERM with a request in flight, bad settings refused with a
// sentence naming the variable, `tocsin migrate`, `tocsin token create`, and HTTPS with a
// self-signed certificate made here. Real processes on SQLite files in temporary data dirs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { killAll, rest, tocsin } from './proc.js';

const TOKEN_FILE_RE = /REST API token, shown once \(only its hash is stored\):\n\n {4}(\S+)\n/;
const CODE_FILE_RE = /\n {4}([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})\n/;

/** The secrets announced in files of the data dir, each checked to be 0600 and absent from the output. */
function secretFile(p: { stdout: string; stderr: string }, file: string, re: RegExp): string {
  assert.equal(fs.statSync(file).mode & 0o777, 0o600, file);
  const m = re.exec(fs.readFileSync(file, 'utf8'));
  assert.ok(m, file);
  assert.ok(!p.stdout.includes(m[1]) && !p.stderr.includes(m[1]), 'the secret is in no log line');
  const pointer = p.stdout.split('\n').find((l) => l.includes(file));
  assert.ok(pointer, `a log line names ${file}`);
  return m[1];
}

describe('tocsin serve: lifecycle of one process', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-lifecycle-'));
  after(async () => {
    await killAll();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const dataA = path.join(tmp, 'a');
  let generated = '';
  let setupCode = '';
  let cliToken = '';

  it('refuses bad settings with a sentence naming the variable, before doing anything', async () => {
    const cert = path.join(tmp, 'only-cert.pem');
    fs.writeFileSync(cert, 'not a certificate');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ TOCSIN_HTTP_PORT: 'abc' }, /TOCSIN_HTTP_PORT must be a port number.*"abc"/],
      [{ TOCSIN_TLS_CERT: cert }, /TOCSIN_TLS_CERT and TOCSIN_TLS_KEY must be set together/],
      [{ TOCSIN_TLS_CERT: cert, TOCSIN_TLS_KEY: path.join(tmp, 'missing.pem') }, /TOCSIN_TLS_KEY names a file that cannot be read/],
      [{ TOCSIN_DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/tocsin' }, /TOCSIN_DATABASE_URL: cannot use the PostgreSQL database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/tocsin/],
    ];
    const procs = cases.map(([env]) => tocsin(['serve'], { TOCSIN_DATA_DIR: path.join(tmp, 'bad'), ...env }));
    for (const [k, p] of procs.entries()) {
      const code = await p.exited;
      assert.notEqual(code, 0, p.stderr);
      assert.match(p.stderr, cases[k][1]);
      assert.doesNotMatch(p.stderr, /\n\s+at /, 'a sentence, not a stack trace');
      assert.doesNotMatch(p.stdout, /tocsin is serving/);
    }
  });

  it('tocsin migrate creates the schema, reports what it applied, and exits 0; again: up to date', async () => {
    const env = { TOCSIN_DATA_DIR: path.join(tmp, 'm') };
    const first = tocsin(['migrate'], env);
    assert.equal(await first.exited, 0, first.stderr);
    assert.match(first.stdout, /^applied: \S+/);
    assert.ok(fs.existsSync(path.join(tmp, 'm', 'tocsin.db')));
    const second = tocsin(['migrate'], env);
    assert.equal(await second.exited, 0, second.stderr);
    assert.equal(second.stdout, 'schema is up to date\n');
  });

  it('on an empty data dir: creates the owner, writes a 20-character token to a 0600 file (not to the log); /healthz 200; the token works', async () => {
    const p = tocsin(['serve'], { TOCSIN_DATA_DIR: dataA, TOCSIN_BOOTSTRAP_EMAIL: 'boss@example.com' });
    const port = await p.serving();
    generated = secretFile(p, path.join(dataA, 'owner-token.txt'), TOKEN_FILE_RE);
    assert.match(generated, /^[0-9A-Za-z_+-]{20}$/);
    assert.match(fs.readFileSync(path.join(dataA, 'owner-token.txt'), 'utf8'), /Account owner boss@example\.com created/);
    setupCode = secretFile(p, path.join(dataA, 'setup-code.txt'), CODE_FILE_RE);
    assert.ok(fs.existsSync(path.join(dataA, 'tocsin.db')), 'SQLite file in TOCSIN_DATA_DIR');
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(base + '/healthz');
    assert.equal(health.status, 200);
    const me = await rest(base, generated, 'GET', '/users/me');
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.equal(me.body.user.email, 'boss@example.com');
    assert.equal(me.body.user.role, 'owner');
    assert.equal((await rest(base, 'wrong_token_aaaaaaaaaa', 'GET', '/users/me')).status, 401);
    // One structured (JSON) log line per request.
    const line401 = JSON.parse(await p.waitFor('"status":401'));
    assert.deepEqual([line401.msg, line401.method, line401.url], ['request', 'GET', '/users/me']);
    const lines = p.stdout.split('\n').filter((l) => l.includes('"msg":"request"') && l.includes('/users/me'));
    assert.deepEqual(lines.map((l) => JSON.parse(l).status), [200, 401], 'one line per request');

    // SIGTERM with a request in flight: the server has read its headers (it answered
    // `100 Continue`), its body is sent only after the server said it is shutting down, and it
    // still completes; then the process exits 0.
    const body = JSON.stringify({ team: { type: 'team', name: 'Created during shutdown' } });
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/teams',
          headers: { authorization: `Token token=${generated}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      req.once('continue', () => {
        p.child.kill('SIGTERM');
        p.waitFor('shutting down').then(() => req.end(body), reject);
      });
      req.flushHeaders();
    });
    const res = await inFlight;
    assert.equal(res.status, 201, res.text);
    assert.equal(JSON.parse(res.text).team.name, 'Created during shutdown');
    assert.equal(await p.exited, 0, p.stderr);
  });

  it('tocsin token create makes a working token; a second start prints no token and keeps the data', async () => {
    const t = tocsin(['token', 'create', '--description', 'ci'], { TOCSIN_DATA_DIR: dataA });
    assert.equal(await t.exited, 0, t.stderr);
    cliToken = t.stdout.trim();
    assert.match(cliToken, /^[0-9A-Za-z_+-]{20}$/);

    const p = tocsin(['serve'], { TOCSIN_DATA_DIR: dataA, TOCSIN_BOOTSTRAP_EMAIL: 'boss@example.com' });
    const base = `http://127.0.0.1:${await p.serving()}`;
    assert.doesNotMatch(p.stdout + p.stderr, /REST API token/);
    assert.doesNotMatch(p.stdout + p.stderr, /owner-token\.txt/);
    // Still unclaimed: a new setup code at each start.
    const code = secretFile(p, path.join(dataA, 'setup-code.txt'), CODE_FILE_RE);
    assert.notEqual(code, setupCode);
    const teams = await rest(base, generated, 'GET', '/teams');
    assert.equal(teams.status, 200);
    assert.deepEqual(teams.body.teams.map((x: { name: string }) => x.name), ['Created during shutdown']);
    // An account-level token: reads work without a From header.
    assert.equal((await rest(base, cliToken, 'GET', '/services')).status, 200);
    assert.equal(await p.kill('SIGTERM'), 0, p.stderr);
  });

  it('serves HTTPS with TOCSIN_TLS_CERT/KEY and honours TOCSIN_BOOTSTRAP_TOKEN', async () => {
    const cert = path.join(tmp, 'cert.pem');
    const key = path.join(tmp, 'key.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert,
    ], { stdio: 'ignore' });
    const token = 'given_token-+_0123456789';
    const p = tocsin(['serve'], { TOCSIN_DATA_DIR: path.join(tmp, 'tls'), TOCSIN_TLS_CERT: cert, TOCSIN_TLS_KEY: key, TOCSIN_BOOTSTRAP_TOKEN: token });
    const port = await p.serving();
    assert.doesNotMatch(p.stdout + p.stderr, /REST API token/, 'a configured token is not printed');
    assert.equal(fs.existsSync(path.join(tmp, 'tls', 'owner-token.txt')), false, 'nor written');
    const get = (url: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port, path: url, ca: fs.readFileSync(cert), headers: { authorization: `Token token=${token}` } }, (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          })
          .on('error', reject);
      });
    assert.equal((await get('/healthz')).status, 200);
    const me = await get('/users/me');
    assert.equal(me.status, 200, me.body);
    assert.match(JSON.parse(me.body).user.self, /^https:\/\/localhost:\d+\/users\/P/, 'the default public URL is https');
    // Plain HTTP on the TLS port gets no answer.
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
    assert.equal(await p.kill('SIGTERM'), 0, p.stderr);
  });
});
