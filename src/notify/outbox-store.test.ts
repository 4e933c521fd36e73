import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { claimOutbox, deleteOutboxRow, insertOutboxRows, listOutbox, markOutboxDead, nextOutboxDueAt, retryOutboxRow, type NewOutboxRow } from './outbox-store.js';

const row = (id: string, key: string, dueAt = 1000): NewOutboxRow => ({ id, kind: 'webhook', key, targetId: 'S1', incidentId: null, payload: { id }, dueAt, createdAt: 1000 });

forEachDialect((dialect) => {
  describe(`${dialect}: notify outbox store`, async () => {
    const { db } = await openTestDatabase(dialect);

    it('claims only the head row of each key, in order, and leases it', async () => {
      await insertOutboxRows(db, [row('a1', 'A'), row('b1', 'B'), row('a2', 'A'), row('b2', 'B'), row('c1', 'C', 5000)]);
      const first = await claimOutbox(db, dialect, 1000, 10, 60_000);
      assert.deepEqual(first.map((r) => r.id).sort(), ['a1', 'b1']);
      assert.deepEqual(first.find((r) => r.id === 'a1')!.payload, { id: 'a1' });
      assert.deepEqual(await claimOutbox(db, dialect, 1000, 10, 60_000), [], 'leased rows are not claimed again');
      await deleteOutboxRow(db, first.find((r) => r.id === 'a1')!.seq);
      assert.deepEqual((await claimOutbox(db, dialect, 1000, 10, 60_000)).map((r) => r.id), ['a2']);
      // b1's claimer died: after the lease, b1 (not b2) is claimable again.
      assert.deepEqual((await claimOutbox(db, dialect, 61_001, 10, 60_000)).map((r) => r.id).sort(), ['a2', 'b1', 'c1']);
    });

    it('a retried row keeps its key waiting; a dead row no longer blocks it', async () => {
      await insertOutboxRows(db, [row('x1', 'X', 0), row('x2', 'X', 0)]);
      const [x1] = await claimOutbox(db, dialect, 100_000, 1, 60_000).then((rs) => rs.filter((r) => r.id === 'x1'));
      const got = (await claimOutbox(db, dialect, 0, 100, 60_000)).map((r) => r.id);
      assert.ok(!got.includes('x2'));
      await retryOutboxRow(db, x1.seq, 1, 200_000, 'HTTP 500');
      assert.ok(!(await claimOutbox(db, dialect, 150_000, 100, 1)).some((r) => r.key === 'X'), 'x1 not due, x2 behind it');
      await markOutboxDead(db, x1.seq, 1, 'HTTP 410');
      const next = await claimOutbox(db, dialect, 150_000, 100, 1);
      assert.ok(next.some((r) => r.id === 'x2'));
      const dead = await listOutbox(db, { status: 'dead' });
      assert.deepEqual(dead.map((r) => [r.id, r.attempt, r.lastError]), [['x1', 1, 'HTTP 410']]);
      assert.equal(typeof (await nextOutboxDueAt(db)), 'number');
    });
  });
});
