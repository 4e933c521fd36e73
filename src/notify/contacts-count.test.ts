// countContactMethodsByType: what tocsin doctor reads to know which notification channels are needed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';
import { countContactMethodsByType } from './contacts-store.js';

forEachDialect((dialect) => {
  describe(`${dialect}: contact methods per type`, async () => {
    const t = await buildTestApp(dialect);
    it('counts every user’s contact methods by type, and nothing when there are none', async () => {
      // The bootstrap owner has the default email contact method every new user gets.
      assert.deepEqual(await countContactMethodsByType(t.app.ctx.db), { email_contact_method: 1 });
      const a = await t.makeUser('user');
      const b = await t.makeUser('user');
      const add = async (userId: string, contact_method: object) => {
        const r = await t.request('POST', `/users/${userId}/contact_methods`, { contact_method });
        assert.equal(r.statusCode, 201, r.body);
      };
      await add(a.id, { type: 'email_contact_method', label: 'Work', address: 'a@example.com' });
      await add(b.id, { type: 'email_contact_method', label: 'Work', address: 'b@example.com' });
      await add(b.id, { type: 'sms_contact_method', label: 'Mobile', address: '4155550100', country_code: 1 });
      assert.deepEqual(await countContactMethodsByType(t.app.ctx.db), { email_contact_method: 3, sms_contact_method: 1 });
    });
  });
});
