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

  it('sees through every IPv6 form that carries a private IPv4, and site-local and local NAT64 prefixes', () => {
    const hidden = [
      '::127.0.0.1', // IPv4-compatible, as written
      '::7f00:1', // the same, as the URL parser normalises it
      '::a00:1',
      '::ffff:7f00:1', // IPv4-mapped in hex
      '::ffff:0:7f00:1', // IPv4-translated (RFC 6145)
      '::ffff:0:10.0.0.1',
      '2002:7f00:1::1', // 6to4 of 127.0.0.1
      '2002:a9fe:a9fe::', // 6to4 of 169.254.169.254
      '2002:c0a8:101::1', // 6to4 of 192.168.1.1
      'fec0::1', // site-local
      'feff::1',
      '64:ff9b:1::a00:1', // local-use NAT64
      '64:ff9b:1::808:808',
      '64:ff9b::7f00:1', // well-known NAT64 of 127.0.0.1
      '64:ff9b::a9fe:a9fe',
      '2001::1', // Teredo
      '2001:db8::1',
      '100::1', // discard
      'fe80::1%eth0',
      '255.255.255.255',
      '198.18.0.1',
    ];
    for (const ip of hidden) assert.equal(isPrivateAddress(ip), true, ip);
    for (const ip of ['2002:808:808::1', '64:ff9b::808:808', '2a00:1450:4001:80b::200e', '93.184.216.34']) assert.equal(isPrivateAddress(ip), false, ip);
    for (const host of ['[::127.0.0.1]', '[::ffff:7f00:1]', '[2002:7f00:1::1]', '[fec0::1]', '[64:ff9b:1::a00:1]', 'localhost.', 'LOCALHOST', 'api.localhost.', '0x7f.1']) {
      assert.match(urlProblem(`http://${host}:8080/`, false) ?? 'allowed', /private or loopback/, host);
      assert.equal(urlProblem(`http://${host}:8080/`, true), null, `${host} with TOCSIN_WEBHOOK_ALLOW_PRIVATE`);
    }
    assert.equal(urlProblem('http://[2002:808:808::1]/', false), null);
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
