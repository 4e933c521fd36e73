// Validates extension and extension-schema responses against PagerDuty's shipped OpenAPI description,
// the way test/notify/openapi.test.ts does for notify.
import { pagerDutyRestSpec, specChecker } from './fixtures/pagerduty/spec.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL } from '../src/testing/app.js';
import { buildEscalationPolicy } from '../src/testing/builders.js';
import { forEachDialect } from '../src/testing/dialects.js';

type Json = any;
const spec: Json = pagerDutyRestSpec();
const { conforms } = specChecker(spec);

forEachDialect((dialect) => {
  describe(`${dialect}: extension responses conform to PagerDuty's OpenAPI`, async () => {
    const t = await buildTestApp(dialect, { TOCSIN_SLACK_BOT_TOKEN: 'xoxb-1-conformance' });
    const ep = await buildEscalationPolicy(t);
    const svc = (await t.request('POST', '/services', { service: { type: 'service', name: 'Conform', escalation_policy: { id: ep.id, type: 'escalation_policy_reference' } } }, { headers: { from: OWNER_EMAIL } })).json().service;

    it('extension schemas', async () => {
      conforms('/extension_schemas', 'get', 200, (await t.request('GET', '/extension_schemas')).json());
      for (const id of ['PSLACKX', 'PWHV2GN']) conforms('/extension_schemas/{id}', 'get', 200, (await t.request('GET', `/extension_schemas/${id}`)).json());
    });

    it('extensions of both schemas through create, show, list, update and enable', async () => {
      const bodies = [
        { name: 'Slack', extension_schema: { id: 'PSLACKX', type: 'extension_schema_reference' }, extension_objects: [{ id: svc.id, type: 'service_reference' }], config: { channel: 'C0CONFORM' } },
        { name: 'Hook', endpoint_url: 'https://example.com/receive_a_pagerduty_webhook', extension_schema: { id: 'PWHV2GN', type: 'extension_schema_reference' }, extension_objects: [{ id: svc.id, type: 'service_reference' }] },
      ];
      for (const b of bodies) {
        const res = await t.request('POST', '/extensions', { extension: b });
        assert.equal(res.statusCode, 201, res.body);
        conforms('/extensions', 'post', 201, res.json());
        const id = res.json().extension.id;
        // Without include[]: with it, extension_schema is the full object (type extension_schema), as
        // included objects are everywhere in the API, which the spec's reference type does not allow.
        conforms('/extensions/{id}', 'get', 200, (await t.request('GET', `/extensions/${id}`)).json());
        conforms('/extensions/{id}', 'put', 200, (await t.request('PUT', `/extensions/${id}`, { extension: { ...b, name: `${b.name} 2` } })).json());
        conforms('/extensions/{id}/enable', 'post', 200, (await t.request('POST', `/extensions/${id}/enable`)).json());
      }
      conforms('/extensions', 'get', 200, (await t.request('GET', '/extensions')).json());
    });
  });
});
