// The favicon: served at the root for browsers and bookmarks, and linked from the UI's pages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { registerUiStatic } from './static.js';

describe('favicon', () => {
  it('serves /favicon.ico as an icon from the web root, and 404 when the UI is not built', async () => {
    const http = Fastify();
    await registerUiStatic(http, path.resolve('web/public'));
    const res = await http.inject({ method: 'GET', url: '/favicon.ico' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^image\/(vnd\.microsoft\.icon|x-icon)/);
    assert.deepEqual([...res.rawPayload.subarray(0, 4)], [0, 0, 1, 0], 'an ICO header');
    assert.match(String(res.headers['cache-control']), /max-age=86400/);
    await http.close();

    const bare = Fastify();
    await registerUiStatic(bare, null);
    assert.equal((await bare.inject({ method: 'GET', url: '/favicon.ico' })).statusCode, 404);
    await bare.close();
  });

  it('is linked from the UI’s page', () => {
    const html = fs.readFileSync('web/index.html', 'utf8');
    assert.match(html, /<link rel="icon" href="\/favicon\.ico"/);
    assert.match(html, /<link rel="icon" href="\/favicon\.svg" type="image\/svg\+xml"/);
  });
});
