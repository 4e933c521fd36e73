// Set-based timers cost a constant number of statements per batch: the engine's batch that
// escalates 60 incidents (incident, log entries, next timer, webhook and email fan-out) runs as many
// statements as one that escalates 10. Counted at the drivers (better-sqlite3's statements, pg's
// Client.query), so nothing the app does escapes; one by one it was about 16 per escalation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { countStatements } from '../testing/statement-count.js';
import { inboundEvent } from '../events/model.js';
import { buildEventsTestApp } from '../events/test-fixtures.js';

forEachDialect((dialect) => {
  describe(`${dialect}: statements per set-based timer batch`, async () => {
    const t = await buildEventsTestApp(dialect, { TOCSIN_SMTP_RELAY_URL: 'smtp://127.0.0.1:2525', TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true' });
    const sub = await t.request('POST', '/webhook_subscriptions', {
      webhook_subscription: { delivery_method: { url: 'http://127.0.0.1:9/x' }, events: ['incident.triggered', 'incident.escalated'], filter: { type: 'account_reference' } },
    });
    assert.equal(sub.statusCode, 200, sub.body);
    // Made through REST, so it has PagerDuty's default email contact and rules (user.created).
    const made = await t.request('POST', '/users', { user: { type: 'user', name: 'Second Level', email: 'second@example.com' } });
    assert.equal(made.statusCode, 201, made.body);
    const second = made.json().user as { id: string };
    const ep = await t.request('POST', '/escalation_policies', {
      escalation_policy: {
        type: 'escalation_policy',
        name: 'Two levels',
        escalation_rules: [
          { escalation_delay_in_minutes: 5, targets: [{ id: t.ownerId, type: 'user_reference' }] },
          { escalation_delay_in_minutes: 5, targets: [{ id: second.id, type: 'user_reference' }] },
        ],
      },
    });
    assert.equal(ep.statusCode, 201, ep.body);
    const policy = { id: ep.json().escalation_policy.id, type: 'escalation_policy_reference' };

    /** Statements of the one engine batch that escalates `n` incidents opened on a new service. */
    async function escalationsOf(n: number): Promise<number> {
      // The earlier services' incidents escalate to the end of their path first, so only the new ones are due.
      t.clock.advance(10 * 60_000);
      await t.app.engine.runDue();
      const s = await t.service({ escalation_policy: policy });
      await Promise.all(
        Array.from({ length: n }, (_, i) => t.app.events.ingestEvent(s, inboundEvent({ api: 'events_v2', action: 'trigger', dedupKey: `k${i}`, summary: `e${i}`, channel: 'api' }))),
      );
      await t.drain();
      // Every first escalation falls due.
      t.clock.advance(6 * 60_000);
      const { result, statements } = await countStatements(() => t.app.engine.runBatch());
      assert.equal(result, n);
      const escalated = (await t.incidents(s.serviceId)).filter((i) => i.assignments[0]?.assignee.id === second.id);
      assert.equal(escalated.length, n);
      return statements;
    }

    it('escalating 60 incidents costs the statements of escalating 10', async () => {
      const ten = await escalationsOf(10);
      const sixty = await escalationsOf(60);
      // Equal: the engine's batch is its claim (batchSize 100, not timed), and the names notify caches
      // (users, policies) are stale in every batch alike, the test's clock having moved 16 minutes.
      assert.equal(sixty, ten);
      assert.ok(sixty < 60, `${sixty} statements for 60 escalations`);
    });
  });
});
