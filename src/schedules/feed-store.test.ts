import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { findFeedOwner, insertFeedSecrets, listFeedSecrets, replaceFeedSecret } from './feed-store.js';

forEachDialect((dialect) => {
  describe(`${dialect}: calendar feed keys store`, async () => {
    const { db } = await openTestDatabase(dialect);

    it('gives an owner the first key offered; a later offer (another node racing) leaves it alone', async () => {
      await insertFeedSecrets(db, 'schedule', [{ ownerId: 'PSCH001', secret: 'k1' }], 1);
      await insertFeedSecrets(db, 'schedule', [{ ownerId: 'PSCH001', secret: 'k2' }, { ownerId: 'PSCH002', secret: 'k3' }], 2);
      assert.deepEqual([...(await listFeedSecrets(db, 'schedule', ['PSCH001', 'PSCH002', 'PSCH003']))].sort(), [['PSCH001', 'k1'], ['PSCH002', 'k3']]);
      assert.equal(await findFeedOwner(db, 'schedule', 'k1'), 'PSCH001');
      assert.equal(await findFeedOwner(db, 'schedule', 'k2'), null);
    });

    it('keeps schedules’ and users’ keys apart, even for the same id', async () => {
      await insertFeedSecrets(db, 'user', [{ ownerId: 'PSCH001', secret: 'u1' }], 3);
      assert.equal(await findFeedOwner(db, 'user', 'k1'), null);
      assert.equal(await findFeedOwner(db, 'schedule', 'u1'), null);
      assert.equal(await findFeedOwner(db, 'user', 'u1'), 'PSCH001');
    });

    it('replacing a key kills the old one at once, and sets one where there was none', async () => {
      await replaceFeedSecret(db, 'schedule', 'PSCH001', 'k9', 4);
      assert.equal(await findFeedOwner(db, 'schedule', 'k1'), null);
      assert.equal(await findFeedOwner(db, 'schedule', 'k9'), 'PSCH001');
      await replaceFeedSecret(db, 'user', 'PUSER09', 'u9', 5);
      assert.equal(await findFeedOwner(db, 'user', 'u9'), 'PUSER09');
    });
  });
});
