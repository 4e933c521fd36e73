// A known REST path asked with a method it lacks: 405 with PagerDuty's REST body, not 404.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, OWNER_TOKEN } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';

forEachDialect((dialect) => {
  describe(`${dialect}: wrong method on a REST path`, async () => {
    const t = await buildTestApp(dialect);

    it('answers 405 with PagerDuty\'s REST error body and an Allow header', async () => {
      for (const [method, url, allow] of [
        ['DELETE', '/incidents', 'GET, POST, PUT'],
        ['POST', '/services/PABC123', 'GET, PUT, DELETE'],
        ['POST', '/incidents/PABC123/alerts/PXYZ789', 'GET, PUT'],
        ['PATCH', '/log_entries', 'GET'],
      ] as const) {
        const res = await t.app.http.inject({ method, url, headers: { authorization: `Token token=${OWNER_TOKEN}` } });
        assert.equal(res.statusCode, 405, `${method} ${url}: ${res.body}`);
        const body = res.json();
        assert.equal(body.error.message, 'Method Not Allowed');
        assert.equal(typeof body.error.code, 'number');
        assert.ok(Array.isArray(body.error.errors) && body.error.errors.length === 1);
        assert.equal(res.headers.allow, allow);
      }
    });

    it('still answers 404 for an unknown path and leaves the known methods alone', async () => {
      assert.equal((await t.request('GET', '/no_such_thing')).statusCode, 404);
      assert.equal((await t.request('DELETE', '/no_such_thing/PABC123')).statusCode, 404);
      assert.equal((await t.request('GET', '/services')).statusCode, 200);
      assert.equal((await t.request('GET', '/services/PNOPE00')).statusCode, 404);
    });

    it('asks for the token first, like every REST route', async () => {
      const res = await t.app.http.inject({ method: 'DELETE', url: '/incidents' });
      assert.equal(res.statusCode, 401);
    });
  });
});
