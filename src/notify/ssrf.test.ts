import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { postJson } from './http-post.js';
import { signBody, verifySignature } from './signature.js';
import { isPrivateAddress, urlProblem } from './ssrf.js';

describe('SSRF rule', () => {
  it('knows private, loopback, link-local and mapped addresses', () => {
    for (const ip of ['127.0.0.1', '10.0.0.5', '172.16.3.4', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.1.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      assert.equal(isPrivateAddress(ip), true, ip);
    }
    for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '172.32.0.1']) assert.equal(isPrivateAddress(ip), false, ip);
  });

  it('allows only http(s) URLs without credentials and, unless allowed, no private literal hosts', () => {
    assert.equal(urlProblem('https://hooks.example.com/x', false), null);
    assert.match(urlProblem('file:///etc/passwd', false)!, /http or https/);
    assert.match(urlProblem('gopher://x', true)!, /http or https/);
    assert.match(urlProblem('https://user:pw@example.com', false)!, /credentials/);
    assert.match(urlProblem('http://169.254.169.254/latest', false)!, /private/);
    assert.match(urlProblem('http://[::1]:8080/', false)!, /private/);
    assert.match(urlProblem('http://localhost:8080/', false)!, /private/);
    assert.equal(urlProblem('http://127.0.0.1:8080/', true), null);
  });

  it('refuses at delivery time a name that resolves to a loopback address (DNS rebinding), unless allowed', async () => {
    let hits = 0;
    const server = http.createServer((_q, s) => {
      hits++;
      s.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const refused = await postJson(`http://localhost:${port}/x`, '{}', {}, { timeoutMs: 2000, allowPrivate: false });
      assert.equal(refused.blocked, true);
      assert.equal(refused.status, null);
      const literal = await postJson(`http://127.0.0.1:${port}/x`, '{}', {}, { timeoutMs: 2000, allowPrivate: false });
      assert.equal(literal.blocked, true);
      assert.equal(hits, 0, 'nothing reached the server');
      const allowed = await postJson(`http://localhost:${port}/x`, '{}', {}, { timeoutMs: 2000, allowPrivate: true });
      assert.equal(allowed.status, 200);
      assert.equal(hits, 1);
    } finally {
      server.close();
    }
  });
});

describe('webhook signature', () => {
  it('is v1= hex HMAC-SHA256 of the raw body; verification accepts any of several signatures', () => {
    const body = '{"event":{"id":"1"}}';
    const sig = signBody('s3cret', body);
    assert.match(sig, /^v1=[0-9a-f]{64}$/);
    assert.equal(verifySignature('s3cret', body, sig), true);
    assert.equal(verifySignature('s3cret', body, `v1=${'0'.repeat(64)},${sig}`), true);
    assert.equal(verifySignature('other', body, sig), false);
    assert.equal(verifySignature('s3cret', body + ' ', sig), false);
    assert.equal(verifySignature('s3cret', body, undefined), false);
  });
});
