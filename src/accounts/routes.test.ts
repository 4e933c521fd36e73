import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';

forEachDialect((dialect) => {
  describe(`${dialect}: authentication`, async () => {
    const t = await buildTestApp(dialect);

    it('answers GET /users/me for a user token', async () => {
      const res = await t.request('GET', '/users/me');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().user.email, OWNER_EMAIL);
      assert.equal(res.json().user.role, 'owner');
      assert.equal(res.headers['ratelimit-limit'], '960');
    });

    it('refuses a missing or unknown token with 401 and code 2006', async () => {
      for (const token of [null, 'nope_nope_nope_nope_']) {
        const res = await t.request('GET', '/users/me', undefined, { token });
        assert.equal(res.statusCode, 401);
        assert.deepEqual(res.json(), { error: { message: 'Authentication failed', code: 2006, errors: [] } });
      }
    });

    it('answers an unknown path with a PagerDuty 404 body', async () => {
      const res = await t.request('GET', '/no/such/thing');
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 2100);
    });
  });
});
