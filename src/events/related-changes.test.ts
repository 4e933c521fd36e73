// GET /incidents/{id}/related_change_events: the changes on the incident's service in the day
// before it opened, newest first, each with correlation_reason most_recent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildEventsTestApp, trigger } from './test-fixtures.js';

type Json = any;

forEachDialect((dialect) => {
  describe(`${dialect}: related change events`, async () => {
    const t = await buildEventsTestApp(dialect);

    it('lists the service’s changes of the day before the incident, not older ones, later ones or other services’', async () => {
      const s = await t.service();
      const other = await t.service();
      const now = t.clock.now();
      const change = (key: string, summary: string, ms: number) =>
        t.send('/v2/change/enqueue', { routing_key: key, payload: { summary, source: 'ci', timestamp: new Date(ms).toISOString() } });
      for (const [key, summary, at] of [[s.key, 'too old', now - 25 * 3_600_000], [s.key, 'deploy 1', now - 3_600_000], [s.key, 'deploy 2', now - 60_000], [other.key, 'elsewhere', now - 60_000], [s.key, 'after', now + 60_000]] as const) {
        assert.equal((await change(key, summary, at)).status, 202);
      }
      assert.equal((await t.send('/v2/enqueue', trigger(s.key))).status, 202);
      await t.drain();
      const [incident] = await t.incidents(s.serviceId);
      const res = await t.request('GET', `/incidents/${incident.id}/related_change_events`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().change_events.map((e: Json) => [e.summary, e.correlation_reason.reason]), [['deploy 2', 'most_recent'], ['deploy 1', 'most_recent']]);
      assert.deepEqual((await t.request('GET', `/incidents/${incident.id}/related_change_events?limit=1`)).json().change_events.map((e: Json) => e.summary), ['deploy 2']);
      assert.equal((await t.request('GET', '/incidents/PNOPE00/related_change_events')).statusCode, 404);
    });
  });
});
