// The official PagerDuty JavaScript client against a real listening Tocsin: services and integrations.
// pdjs builds https://<server>/ URLs from `server`, so plain-HTTP tests pass a full `url`; with a host
// not ending in ".com" its `resource` shortcut is null, so results are read from `data` (NOTES.md §7).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api } from '@pagerduty/pdjs';
import { makePolicy } from '../src/services/test-fixtures.js';
import { buildTestApp, OWNER_TOKEN } from '../src/testing/app.js';
import { forEachDialect } from '../src/testing/dialects.js';

type Json = any;

forEachDialect((dialect) => {
  describe(`${dialect}: @pagerduty/pdjs against a listening server`, async () => {
    const t = await buildTestApp(dialect, { TOCSIN_HTTP_PORT: '0', TOCSIN_HTTP_HOST: '127.0.0.1', TOCSIN_SMTP_PORT: '0' });
    const { httpPort } = await t.app.start();
    const base = `http://127.0.0.1:${httpPort}`;
    const policyId = (await makePolicy(t, 'pdjs policy')).id;
    const call = async (method: string, path: string, data?: unknown): Promise<{ status: number; data: Json }> => {
      const params = { token: OWNER_TOKEN, url: `${base}${path}`, method, ...(data === undefined ? {} : { data }) };
      const r = (await api(params as Parameters<typeof api>[0] & { url: string })) as unknown as {
        response: { status: number };
        data?: Json;
      };
      return { status: r.response.status, data: r.data };
    };

    it('creates, lists, updates and deletes services and integrations', async () => {
      const created = await call('POST', '/services', {
        service: { type: 'service', name: 'pdjs service', escalation_policy: { id: policyId, type: 'escalation_policy_reference' } },
      });
      assert.equal(created.status, 201, JSON.stringify(created.data));
      const service = created.data.service;
      assert.equal(service.name, 'pdjs service');

      const list = await call('GET', '/services', { query: 'pdjs', 'include[]': 'integrations', total: true });
      assert.equal(list.status, 200);
      assert.deepEqual(list.data.services.map((s: Json) => s.id), [service.id]);
      assert.equal(list.data.total, 1);
      assert.equal(list.data.more, false);

      const v2 = await call('POST', `/services/${service.id}/integrations`, {
        integration: { type: 'events_api_v2_inbound_integration', name: 'pdjs v2', service: { id: service.id, type: 'service_reference' } },
      });
      assert.equal(v2.status, 201, JSON.stringify(v2.data));
      assert.match(v2.data.integration.integration_key, /^[0-9a-f]{32}$/);
      const vendor = await call('POST', `/services/${service.id}/integrations`, {
        integration: { name: 'Datadog', vendor: { id: 'PAM4FGS', type: 'vendor_reference' } },
      });
      assert.equal(vendor.status, 201, JSON.stringify(vendor.data));

      const listed = await call('GET', `/services/${service.id}/integrations`);
      assert.deepEqual(listed.data.integrations.map((i: Json) => i.name).sort(), ['Datadog', 'pdjs v2']);
      const withIntegrations = await call('GET', `/services/${service.id}`, { 'include[]': 'integrations' });
      assert.equal(withIntegrations.data.service.integrations.length, 2);
      const full = withIntegrations.data.service.integrations.find((i: Json) => i.id === v2.data.integration.id);
      assert.equal(full.integration_key, v2.data.integration.integration_key);

      const one = await call('GET', `/services/${service.id}/integrations/${v2.data.integration.id}`);
      assert.equal(one.data.integration.id, v2.data.integration.id);
      const renamed = await call('PUT', `/services/${service.id}/integrations/${v2.data.integration.id}`, { integration: { name: 'renamed' } });
      assert.equal(renamed.data.integration.name, 'renamed');

      const vendors = await call('GET', '/vendors', { limit: 5 });
      assert.equal(vendors.data.vendors.length, 5);

      const disabled = await call('PUT', `/services/${service.id}`, { service: { status: 'disabled' } });
      assert.equal(disabled.data.service.status, 'disabled');

      const delIntegration = await call('DELETE', `/services/${service.id}/integrations/${v2.data.integration.id}`);
      assert.equal(delIntegration.status, 204);
      const delService = await call('DELETE', `/services/${service.id}`);
      assert.equal(delService.status, 204);
      const gone = await call('GET', `/services/${service.id}`);
      assert.equal(gone.status, 404);
      assert.equal(gone.data.error.code, 2100);
    });

    it('pages with limit, offset and more', async () => {
      for (let n = 0; n < 3; n++) {
        await call('POST', '/services', { service: { name: `paged ${n}`, escalation_policy: { id: policyId } } });
      }
      const page1 = await call('GET', '/services', { query: 'paged', limit: 2 });
      assert.equal(page1.data.services.length, 2);
      assert.equal(page1.data.more, true);
      const page2 = await call('GET', '/services', { query: 'paged', limit: 2, offset: 2 });
      assert.equal(page2.data.services.length, 1);
      assert.equal(page2.data.more, false);
    });
  });
});
