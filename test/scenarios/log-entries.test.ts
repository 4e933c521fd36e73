// Log entries as PagerDuty serves them (issue 14): GET /log_entries/{id} in a time zone, and
// PUT /log_entries/{id}/channel rewriting the details of a web_trigger entry (202), nothing else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSession } from '../../src/accounts/index.js';
import { buildTestApp, OWNER_EMAIL } from '../../src/testing/app.js';
import { buildEscalationPolicy, buildUser } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { createIncident, makeService } from './helpers.js';

type Json = any;

forEachDialect((dialect) => {
  describe(`${dialect}: log entries`, async () => {
    const t = await buildTestApp(dialect);
    const policy = await buildEscalationPolicy(t);
    const svc = await makeService(t, policy.id);
    const { sessionId } = await createSession(t.app.ctx.db, t.clock, t.ownerId);
    const ui = { token: null, headers: { cookie: `tocsin_session=${sessionId}`, 'x-requested-with': 'tocsin-ui' } };
    const fromUi = await t.request('POST', '/incidents', { incident: { type: 'incident', title: 'typed in the UI', service: { id: svc.id, type: 'service_reference' } } }, ui);
    assert.equal(fromUi.statusCode, 201, fromUi.body);
    const entries = async (id: string) => (await t.request('GET', `/incidents/${id}/log_entries`)).json().log_entries as Json[];
    const trigger = (await entries(fromUi.json().incident.id)).find((e) => e.type === 'trigger_log_entry');

    it('shows one entry in the time zone asked for', async () => {
      const utc = (await t.request('GET', `/log_entries/${trigger.id}`)).json().log_entry;
      const ny = (await t.request('GET', `/log_entries/${trigger.id}?time_zone=America/New_York`)).json().log_entry;
      assert.equal(Date.parse(ny.created_at), Date.parse(utc.created_at));
      assert.match(ny.created_at, /-05:00$/);
      assert.equal((await t.request('GET', `/log_entries/${trigger.id}?time_zone=Mars/Olympus`)).statusCode, 400);
    });

    it('rewrites the details of a web_trigger channel (202), keeping its type', async () => {
      assert.equal(trigger.channel.type, 'web_trigger');
      const res = await t.request('PUT', `/log_entries/${trigger.id}/channel`, { channel: { type: 'web_trigger', details: 'Checked by phone' } }, { headers: { from: OWNER_EMAIL } });
      assert.equal(res.statusCode, 202, res.body);
      assert.equal(res.body, '');
      const shown = (await t.request('GET', `/log_entries/${trigger.id}`)).json().log_entry;
      assert.deepEqual([shown.channel.type, shown.channel.details], ['web_trigger', 'Checked by phone']);
    });

    it('refuses another type, a channel nobody typed, an unknown entry and a user who may not write', async () => {
      const put = (id: string, type: string, opts = {}) => t.request('PUT', `/log_entries/${id}/channel`, { channel: { type, details: 'x' } }, { headers: { from: OWNER_EMAIL }, ...opts });
      const wrongType = await put(trigger.id, 'mobile');
      assert.equal(wrongType.statusCode, 400);
      assert.match(wrongType.json().error.errors[0], /must be web_trigger/);
      assert.equal((await put(trigger.id, 'email')).statusCode, 400, 'not a type PagerDuty lets be changed');
      const viaApi = await createIncident(t, svc.id);
      const apiTrigger = (await entries(viaApi.id)).find((e) => e.type === 'trigger_log_entry');
      const api = await put(apiTrigger.id, 'web_trigger');
      assert.equal(api.statusCode, 400);
      assert.match(api.json().error.errors[0], /\(api\) cannot be changed/);
      assert.equal((await put('QNOPE000000000', 'web_trigger')).statusCode, 404);
      const observer = await buildUser(t, { role: 'observer' });
      assert.equal((await put(trigger.id, 'web_trigger', { token: observer.token })).statusCode, 403);
      assert.equal((await t.request('GET', `/log_entries/${trigger.id}`)).json().log_entry.channel.details, 'Checked by phone');
    });
  });
});
