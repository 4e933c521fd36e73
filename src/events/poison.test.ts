// One client's hostile input must never cost another client's event: a body nested too deeply is
// refused at the door (400, PagerDuty's body), and an item the batch writer cannot store fails alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { inboundEvent } from './model.js';
import { buildEventsTestApp, trigger } from './test-fixtures.js';

/** About 10 KB of JSON nested `levels` deep: JSON.stringify overflows the stack on it near 4,500. */
const deepText = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const deepObject = (levels: number) => JSON.parse(deepText(levels)) as Record<string, unknown>;

forEachDialect((dialect) => {
  describe(`${dialect}: a poisoned event and its neighbours`, async () => {
    const t = await buildEventsTestApp(dialect);

    it('refuses a body nested too deeply with a 400 and PagerDuty’s body, on every event path', async () => {
      const s = await t.service();
      const body = JSON.stringify(trigger(s.key)).replace('"severity":"critical"', `"severity":"critical","custom_details":${deepText(5000)}`);
      const r = await t.send('/v2/enqueue', body);
      assert.equal(r.status, 400);
      assert.equal(r.json.status, 'invalid event');
      assert.equal(r.json.message, 'Event object is invalid');
      assert.match(r.json.errors[0], /more than 64 levels deep/);
      const v1 = await t.send('/generic/2010-04-15/create_event.json', { service_key: s.key, event_type: 'trigger', description: 'x', details: deepObject(100) });
      assert.equal(v1.status, 400);
      // REST bodies too: a 400 with PagerDuty's REST body, not a 500.
      const rest = await t.request('POST', '/incidents', { incident: { type: 'incident', title: 't', service: { id: s.serviceId, type: 'service_reference' }, body: { type: 'incident_body', details: deepObject(200) } } });
      assert.equal(rest.statusCode, 400, rest.body);
      assert.equal(rest.json().error.code, 2001);
      await t.drain();
      assert.deepEqual(await t.incidents(s.serviceId), []);
    });

    it('valid events sharing a batch with a deep one are all answered 202 and applied', async () => {
      const services = await Promise.all([t.service(), t.service(), t.service()]);
      const sends = [];
      for (let i = 0; i < 60; i++) {
        const s = services[i % services.length];
        sends.push(t.send('/v2/enqueue', trigger(s.key, { dedup_key: `ok-${i}` })));
        if (i % 20 === 10) {
          const poison = JSON.stringify(trigger(s.key, { dedup_key: `bad-${i}` })).replace('"severity":"critical"', `"severity":"critical","custom_details":${deepText(4500)}`);
          sends.push(t.send('/v2/enqueue', poison));
        }
      }
      const results = await Promise.all(sends);
      assert.equal(results.filter((r) => r.status === 202).length, 60);
      assert.equal(results.filter((r) => r.status === 400).length, 3);
      await t.drain();
      const opened = (await Promise.all(services.map((s) => t.incidents(s.serviceId)))).flat();
      assert.equal(opened.length, 60);
    });

    it('an event the inbox cannot store (past the door) fails alone; its batch neighbours commit', async () => {
      const s = await t.service();
      const target = { integrationId: s.integrationId, serviceId: s.serviceId };
      const ok = (i: number) => inboundEvent({ api: 'events_v2', action: 'trigger', dedupKey: `n-${i}`, summary: `neighbour ${i}`, source: 'x', severity: 'error', channel: 'api' });
      const bad = inboundEvent({ api: 'events_v2', action: 'trigger', dedupKey: 'poison', summary: 'p', source: 'x', severity: 'error', channel: 'api', customDetails: deepObject(20_000) });
      const all = await Promise.allSettled([ok(1), ok(2), bad, ok(3), ok(4)].map((e) => t.app.events.ingestEvent(target, e)));
      assert.deepEqual(all.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      await t.drain();
      assert.deepEqual((await t.incidents(s.serviceId)).map((i) => i.title).sort(), ['neighbour 1', 'neighbour 2', 'neighbour 3', 'neighbour 4']);
    });
  });
});
