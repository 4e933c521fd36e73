// The server's request log: one line per request, at info, except probes (/healthz, /favicon.ico) at debug.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openTestDatabase } from '../testing/dialects.js';

async function appLoggingAt(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write: (c, _e, done) => (c.toString().split('\n').filter(Boolean).forEach((l: string) => lines.push(JSON.parse(l))), done()) });
  const app = await createApp(loadConfig({ TOCSIN_PUBLIC_URL: 'http://tocsin.test' }), { database: await openTestDatabase('sqlite'), log: pino({ level }, sink) });
  await app.http.ready();
  after(() => app.close());
  return { app, requests: (url: string) => lines.filter((l) => l.msg === 'request' && l.url === url) };
}

describe('request log', () => {
  it('logs /healthz at debug, not at info; other requests at info', async () => {
    const info = await appLoggingAt('info');
    assert.equal((await info.app.http.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    await info.app.http.inject({ method: 'GET', url: '/favicon.ico' });
    await info.app.http.inject({ method: 'GET', url: '/openapi.json' });
    assert.deepEqual(info.requests('/healthz'), []);
    assert.deepEqual(info.requests('/favicon.ico'), []);
    assert.equal(info.requests('/openapi.json').length, 1);
    assert.equal(info.requests('/openapi.json')[0].level, 30);

    const debug = await appLoggingAt('debug');
    await debug.app.http.inject({ method: 'GET', url: '/healthz' });
    const [line] = debug.requests('/healthz');
    assert.ok(line);
    assert.deepEqual([line.level, line.status], [20, 200]);
  });
});
