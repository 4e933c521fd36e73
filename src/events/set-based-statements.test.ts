// Set-based processing costs a constant number of statements per batch: a batch that opens 60
// incidents (with webhook and email fan-out) runs as many statements as one that opens 10. Counted
// at the drivers (better-sqlite3's statements, pg's Client.query), so nothing the app does escapes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { countStatements } from '../testing/statement-count.js';
import { inboundEvent } from './model.js';
import { EventProcessor } from './processor.js';
import { buildEventsTestApp } from './test-fixtures.js';

forEachDialect((dialect) => {
  describe(`${dialect}: statements per set-based batch`, async () => {
    // An SMTP relay, so the owner's email rule can deliver: no per-incident "unreachable" entry.
    const t = await buildEventsTestApp(dialect, { TOCSIN_SMTP_RELAY_URL: 'smtp://127.0.0.1:2525', TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true' });
    const sub = await t.request('POST', '/webhook_subscriptions', {
      webhook_subscription: { delivery_method: { url: 'http://127.0.0.1:9/x' }, events: ['incident.triggered', 'incident.acknowledged'], filter: { type: 'account_reference' } },
    });
    assert.equal(sub.statusCode, 200, sub.body);

    /** Statements of the one batch that applies `n` events of `action` with distinct keys. */
    async function batchOf(n: number, action: 'trigger' | 'acknowledge', s: { integrationId: string; serviceId: string }): Promise<number> {
      // A batch before it warms what is cached across batches (names of users and policies).
      await t.app.events.ingestEvent(s, inboundEvent({ api: 'events_v2', action: 'trigger', dedupKey: `warm-${action}`, summary: 'warm', channel: 'api' }));
      await new EventProcessor(t.app.ctx).drain();
      await Promise.all(
        Array.from({ length: n }, (_, i) => t.app.events.ingestEvent(s, inboundEvent({ api: 'events_v2', action, dedupKey: `k${i}`, summary: `e${i}`, channel: 'api' }))),
      );
      // Sizes fixed, so the time a batch takes never changes the batching: a new processor's first
      // batch claims up to 64 events on SQLite, batchSize (100) on PostgreSQL; it adapts only after.
      const processor = new EventProcessor(t.app.ctx, { batchSize: 100, budgetMs: 60_000 });
      const { result, statements } = await countStatements(() => processor.runBatch());
      assert.equal(result, n);
      return statements;
    }

    it('opening 60 incidents costs the statements of opening 10; so does acknowledging them', async () => {
      const small = await t.service();
      const large = await t.service();
      const open10 = await batchOf(10, 'trigger', small);
      const open60 = await batchOf(60, 'trigger', large);
      // Equal: what is cached across batches (names of users and policies, on the test's clock,
      // which does not move here) is warm for both.
      assert.equal(open60, open10);
      // One by one, this was about a dozen statements per opened incident.
      assert.ok(open60 < 60, `${open60} statements for 60 incidents`);
      const ack10 = await batchOf(10, 'acknowledge', small);
      const ack60 = await batchOf(60, 'acknowledge', large);
      assert.equal(ack60, ack10);
      assert.equal((await t.incidents(large.serviceId)).filter((i) => i.status === 'acknowledged').length, 60);
      assert.ok(ack60 < 60, `${ack60} statements for 60 acknowledgements`);
    });
  });

  describe(`${dialect}: a batch whose assignees cannot be reached`, async () => {
    // No SMTP relay: the owner's email rule cannot deliver, so each opened incident gets a
    // "Could not reach" log entry (notify/reachability.ts), written with the batch's other rows.
    const t = await buildEventsTestApp(dialect);

    it('writes every "Could not reach" entry with the statements of 10 incidents', async () => {
      const counts: number[] = [];
      for (const n of [10, 60]) {
        const s = await t.service();
        await t.app.events.ingestEvent(s, inboundEvent({ api: 'events_v2', action: 'trigger', dedupKey: 'warm', summary: 'warm', channel: 'api' }));
        await new EventProcessor(t.app.ctx).drain();
        await Promise.all(Array.from({ length: n }, (_, i) => t.app.events.ingestEvent(s, inboundEvent({ api: 'events_v2', action: 'trigger', dedupKey: `k${i}`, summary: `e${i}`, channel: 'api' }))));
        const processor = new EventProcessor(t.app.ctx, { batchSize: 100, budgetMs: 60_000 });
        const { result, statements } = await countStatements(() => processor.runBatch());
        assert.equal(result, n);
        counts.push(statements);
        const incidents = (await t.incidents(s.serviceId)).filter((i) => i.title !== 'warm');
        assert.equal(incidents.length, n);
        for (const inc of incidents) {
          const r = await t.request('GET', `/incidents/${inc.id}/log_entries`);
          const unreachable = r.json().log_entries.filter((e: { type: string; summary: string }) => e.type === 'notify_log_entry' && e.summary.startsWith('Could not reach'));
          assert.equal(unreachable.length, 1, JSON.stringify(r.json().log_entries));
        }
      }
      // One by one, each entry cost two statements (lock the incident, insert the entry).
      assert.equal(counts[1], counts[0]);
    });

    if (dialect === 'postgres') {
      it('a loop woken with nothing pending reads once and opens no transaction', async () => {
        const processor = new EventProcessor(t.app.ctx);
        await processor.drain();
        const { result, statements } = await countStatements(() => processor.runBatch());
        assert.equal(result, 0);
        // Before: begin, synchronous_commit, the pending services' read and commit, for every woken loop.
        assert.equal(statements, 1);
      });
    }
  });
});
