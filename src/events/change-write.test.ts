// POST /change_events (the Events API v2 change event at its REST path) and PUT /change_events/{id}.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildEventsTestApp } from './test-fixtures.js';

forEachDialect((dialect) => {
  describe(`${dialect}: writing change events through the REST API`, async () => {
    const t = await buildEventsTestApp(dialect);

    it('POST stores a change event on the routing key’s service; bad bodies and keys get 400', async () => {
      const s = await t.service();
      const body = { routing_key: s.key, payload: { summary: 'Deploy 42', source: 'ci', custom_details: { build: 42 } }, links: [{ href: 'https://ci.example/42', text: 'Build' }] };
      const res = await t.request('POST', '/change_events', body);
      assert.equal(res.statusCode, 202, res.body);
      assert.deepEqual(res.json(), { status: 'success', message: 'Change event processed' });
      const list = (await t.request('GET', `/services/${s.serviceId}/change_events`)).json().change_events;
      assert.deepEqual(list.map((e: any) => [e.summary, e.source, e.custom_details.build, e.links[0].href]), [['Deploy 42', 'ci', 42, 'https://ci.example/42']]);
      const noSummary = await t.request('POST', '/change_events', { routing_key: s.key, payload: {} });
      assert.equal(noSummary.statusCode, 400);
      assert.match(noSummary.body, /payload.summary/);
      assert.equal((await t.request('POST', '/change_events', { ...body, routing_key: 'R'.repeat(32) })).statusCode, 400);
      assert.equal((await t.request('POST', '/change_events', body, { token: null })).statusCode, 401);
    });

    it('PUT edits summary and details, keeps service and timestamp; 404 unknown; 403 for observers', async () => {
      const s = await t.service();
      assert.equal((await t.request('POST', '/change_events', { routing_key: s.key, payload: { summary: 'Deploy 1', source: 'ci' } })).statusCode, 202);
      const [e] = (await t.request('GET', `/services/${s.serviceId}/change_events`)).json().change_events;
      const res = await t.request('PUT', `/change_events/${e.id}`, { change_event: { summary: 'Deploy 1 (rolled back)', custom_details: { rolled_back: true }, type: 'change_event' } });
      assert.equal(res.statusCode, 200, res.body);
      const c = res.json().change_event;
      assert.deepEqual([c.summary, c.custom_details, c.source, c.timestamp, c.services[0].id], ['Deploy 1 (rolled back)', { rolled_back: true }, 'ci', e.timestamp, s.serviceId]);
      assert.equal((await t.request('GET', `/change_events/${e.id}`)).json().change_event.summary, 'Deploy 1 (rolled back)');
      assert.equal((await t.request('PUT', '/change_events/PNOPE00', { change_event: { summary: 'x' } })).statusCode, 404);
      const observer = await t.makeUser('observer');
      const denied = await t.request('PUT', `/change_events/${e.id}`, { change_event: { summary: 'nope' } }, { token: observer.token });
      assert.equal(denied.statusCode, 403);
      assert.equal((await t.request('GET', `/change_events/${e.id}`)).json().change_event.summary, 'Deploy 1 (rolled back)');
    });
  });
});
