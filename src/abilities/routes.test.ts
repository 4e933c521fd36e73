import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../testing/app.js';
import { buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';

forEachDialect((dialect) => {
  describe(`${dialect}: abilities`, async () => {
    const t = await buildTestApp(dialect);

    it('lists the abilities and tests one: 204 when held, 402 with code 2014 when not', async () => {
      const list = await t.request('GET', '/abilities');
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json(), { abilities: ['teams', 'read_only_users', 'service_support_hours', 'urgencies'] });
      const has = await t.request('GET', '/abilities/teams');
      assert.deepEqual([has.statusCode, has.body], [204, '']);
      const lacks = await t.request('GET', '/abilities/coordinated_responding');
      assert.equal(lacks.statusCode, 402);
      assert.deepEqual(lacks.json().error, {
        message: 'Missing Account Ability',
        code: 2014,
        errors: ['This installation does not have the ability coordinated_responding.'],
      });
    });

    it('answers any authenticated actor, and nobody without a token', async () => {
      const observer = await buildUser(t, { role: 'observer' });
      assert.equal((await t.request('GET', '/abilities/urgencies', undefined, { token: observer.token })).statusCode, 204);
      assert.equal((await t.request('GET', '/abilities', undefined, { token: null })).statusCode, 401);
    });
  });
});
