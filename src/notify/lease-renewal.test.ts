// A delivery that takes longer than the outbox lease keeps its row: the worker renews the leases of
// its deliveries in flight, so another node claims the row only once this one stops renewing (dies).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../clock.js';
import { testContext } from '../incidents/test-fixtures.js';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { claimOutbox, insertOutboxRows, listOutbox } from './outbox-store.js';
import { OutboxWorker } from './worker.js';

const until = async (check: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

forEachDialect((dialect) => {
  describe(`${dialect}: outbox lease renewal`, async () => {
    const database = await openTestDatabase(dialect);
    const clock = new FakeClock(1_000_000);
    const ctx = testContext(database, clock);

    it('renews the lease of a delivery in flight past its first lease, and the row is not claimable meanwhile', async () => {
      let release!: () => void;
      let started = false;
      const worker = new OutboxWorker(
        ctx,
        () =>
          new Promise((resolve) => {
            started = true;
            release = () => resolve({ ok: true });
          }),
        async () => undefined,
        { maxAttempts: 3, backoffBaseMs: 1000, backoffMaxMs: 1000, leaseMs: 150, concurrency: 4, idleMs: 20 },
      );
      await insertOutboxRows(database.db, [{ id: 'slow', kind: 'webhook', key: 'k', payload: {}, dueAt: clock.now(), createdAt: clock.now() }]);
      worker.start();
      try {
        await until(() => started);
        // The first lease (now + 150) has run out by the clock; a renewal (every 50 ms) leases it again from the new now.
        clock.advance(10_000);
        await until(async () => Number((await database.db.selectFrom('notify_outbox').select('lease_until').executeTakeFirstOrThrow()).lease_until) > clock.now());
        assert.deepEqual(await claimOutbox(database.db, dialect, clock.now(), 10, 150), [], 'another node cannot claim the row being delivered');
        release();
        await until(async () => (await listOutbox(database.db)).length === 0);
      } finally {
        await worker.stop();
      }
    });
  });
});
