// /alert_grouping_settings: the same data as the services' alert_grouping_parameters, seen another way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildEventsTestApp, trigger } from '../events/test-fixtures.js';

forEachDialect((dialect) => {
  describe(`${dialect}: alert grouping settings`, async () => {
    const t = await buildEventsTestApp(dialect);
    const grouping = async (serviceId: string) => (await t.request('GET', `/services/${serviceId}`)).json().service.alert_grouping_parameters;

    it('a setting writes its services’ grouping, and alerts on them group by it', async () => {
      const a = await t.service();
      const b = await t.service();
      const res = await t.request('POST', '/alert_grouping_settings', {
        alert_grouping_setting: { name: 'Web', description: 'Group web alerts', type: 'time', config: { timeout: 900 }, services: [{ id: a.serviceId }, { id: b.serviceId }] },
      });
      assert.equal(res.statusCode, 201, res.body);
      const s = res.json().alert_grouping_setting;
      assert.deepEqual([s.name, s.type, s.config, s.services.map((x: any) => x.id).sort()], ['Web', 'time', { timeout: 900 }, [a.serviceId, b.serviceId].sort()]);
      assert.equal(s.services[0].type, 'service_reference');
      // Seconds on the setting, minutes on the service.
      assert.deepEqual(await grouping(a.serviceId), { type: 'time', config: { timeout: 15 } });

      assert.equal((await t.send('/v2/enqueue', trigger(a.key, { dedup_key: 'one' }))).status, 202);
      assert.equal((await t.send('/v2/enqueue', trigger(a.key, { dedup_key: 'two' }))).status, 202);
      await t.drain();
      assert.equal((await t.incidents(a.serviceId)).length, 1, 'two alerts grouped into one incident');

      const shown = (await t.request('GET', `/alert_grouping_settings/${s.id}`)).json().alert_grouping_setting;
      assert.equal(shown.id, s.id);
      const listed = (await t.request('GET', `/alert_grouping_settings?service_ids[]=${b.serviceId}&total=true`)).json();
      assert.deepEqual(listed.alert_grouping_settings.map((x: any) => x.id), [s.id]);
      assert.equal(listed.total, 1);
    });

    it('PUT moves services in and out; /services grouping takes a service out; DELETE ungroups', async () => {
      const a = await t.service();
      const b = await t.service();
      const s = (await t.request('POST', '/alert_grouping_settings', { alert_grouping_setting: { type: 'content_based', config: { aggregate: 'all', fields: ['source'], time_window: 300 }, services: [{ id: a.serviceId }] } })).json().alert_grouping_setting;
      assert.equal((await grouping(a.serviceId)).type, 'content_based');

      const put = await t.request('PUT', `/alert_grouping_settings/${s.id}`, { alert_grouping_setting: { services: [{ id: b.serviceId }] } });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(put.json().alert_grouping_setting.services.map((x: any) => x.id), [b.serviceId]);
      assert.deepEqual(await grouping(a.serviceId), { type: null, config: null });
      assert.deepEqual((await grouping(b.serviceId)).config, { aggregate: 'all', fields: ['source'], time_window: 300 });

      // A service's own grouping written through /services takes it out of the setting (PagerDuty's rule).
      const own = await t.request('PUT', `/services/${b.serviceId}`, { service: { alert_grouping_parameters: { type: 'time', config: { timeout: 5 } } } });
      assert.equal(own.statusCode, 200, own.body);
      assert.deepEqual((await t.request('GET', `/alert_grouping_settings/${s.id}`)).json().alert_grouping_setting.services, []);
      assert.deepEqual(await grouping(b.serviceId), { type: 'time', config: { timeout: 5 } });

      await t.request('PUT', `/alert_grouping_settings/${s.id}`, { alert_grouping_setting: { services: [{ id: a.serviceId }] } });
      assert.equal((await t.request('DELETE', `/alert_grouping_settings/${s.id}`)).statusCode, 204);
      assert.deepEqual(await grouping(a.serviceId), { type: null, config: null });
      assert.equal((await t.request('GET', `/alert_grouping_settings/${s.id}`)).statusCode, 404);
    });

    it('refuses bad configs, unknown services and writers who may not change the services', async () => {
      const a = await t.service();
      const bad = async (body: unknown) => (await t.request('POST', '/alert_grouping_settings', { alert_grouping_setting: body })).statusCode;
      assert.equal(await bad({ type: 'time', config: { timeout: 30 }, services: [{ id: a.serviceId }] }), 400);
      assert.equal(await bad({ type: 'content_based', config: { fields: [] }, services: [{ id: a.serviceId }] }), 400);
      assert.equal(await bad({ type: 'content_based_intelligent', config: {}, services: [{ id: a.serviceId }] }), 400);
      assert.equal(await bad({ type: 'time', config: { timeout: 60 }, services: [{ id: 'PNOPE00' }] }), 400);
      const observer = await t.makeUser('observer');
      const denied = await t.request('POST', '/alert_grouping_settings', { alert_grouping_setting: { type: 'time', config: { timeout: 60 }, services: [{ id: a.serviceId }] } }, { token: observer.token });
      assert.equal(denied.statusCode, 403);
      assert.deepEqual(await grouping(a.serviceId), { type: null, config: null });
    });
  });
});
