// The names notify labels references with are cached for 5 s on the injected clock: a rename shows
// once the clock has moved 5 s, however long (or short) the machine took in between.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';
import { notifyPorts } from './wiring.js';

forEachDialect((dialect) => {
  describe(`${dialect}: notify's cache of reference names`, async () => {
    const t = await buildTestApp(dialect);
    const ports = notifyPorts(t.app.ctx);
    const nameOf = async (id: string) => (await ports.names(t.app.ctx.db, 'user', [id])).get(id);

    it('keeps a name for 5 s of the clock, then reads it again', async () => {
      const u = await t.makeUser('user', 'Before');
      assert.equal(await nameOf(u.id), 'Before');
      const put = await t.request('PUT', `/users/${u.id}`, { user: { name: 'After' } });
      assert.equal(put.statusCode, 200, put.body);
      t.clock.advance(4_999);
      assert.equal(await nameOf(u.id), 'Before');
      t.clock.advance(1);
      assert.equal(await nameOf(u.id), 'After');
    });
  });
});
