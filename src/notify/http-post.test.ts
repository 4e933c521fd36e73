import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { postJson } from './http-post.js';
import { httpProvider, type ContactMessage } from './providers.js';

/** A receiver answering 200 with a body of `size` bytes (Infinity: never ends); counts what it wrote. */
async function bigAnswer(size: number) {
  const seen = { written: 0, closed: 0 };
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.on('error', () => undefined);
    res.on('close', () => seen.closed++);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!res.destroyed && seen.written < size) {
        seen.written += chunk.length;
        if (!res.write(chunk)) return;
      }
      if (!res.destroyed && seen.written >= size) res.end();
    };
    res.on('drain', pump);
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    seen,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const message: ContactMessage = {
  contactType: 'sms_contact_method',
  address: '+15555550100',
  countryCode: 1,
  label: 'Mobile',
  userId: 'PUSER01',
  short: true,
  subject: 's',
  text: 't',
  incident: { id: 'PINC001', number: 1, title: 'x', status: 'triggered', urgency: 'high', service: null, htmlUrl: 'http://x/' },
  eventType: 'incident.triggered',
  links: null,
};

describe('postJson answer cap', () => {
  it('records the status of a 200 MB answer after reading at most 64 KB, quickly, and closes the connection', async () => {
    const r = await bigAnswer(200 * 1024 * 1024);
    try {
      const started = Date.now();
      const res = await postJson(r.url, '{}', {}, { timeoutMs: 5000, allowPrivate: true });
      assert.deepEqual(res, { status: 200, error: null, blocked: false });
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
      for (let waited = 0; r.seen.closed === 0; waited += 20) {
        assert.ok(waited < 3000, 'the connection is closed');
        await new Promise((res) => setTimeout(res, 20));
      }
      assert.ok(r.seen.written < 32 * 1024 * 1024, `${r.seen.written} bytes written`);
    } finally {
      r.close();
    }
  });

  it('the HTTP notification provider counts a 200 with an endless body as delivered', async () => {
    const r = await bigAnswer(Infinity);
    try {
      await httpProvider(r.url, 2000).send(message);
    } finally {
      r.close();
    }
  });

  it('a header Node cannot send is a refusal (never retried), not a throw', async () => {
    const res = await postJson('http://127.0.0.1:9/', '{}', { 'x-key': 'a\u0000b' }, { timeoutMs: 1000, allowPrivate: true });
    assert.equal(res.status, null);
    assert.equal(res.blocked, true);
    assert.match(res.error ?? '', /Invalid character/);
  });
});
