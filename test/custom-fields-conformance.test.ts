// Validates the incident types, custom fields (of incident types and of services), field options and
// the values of incidents and services (issue 14) against PagerDuty's own OpenAPI description, on both dialects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePolicy, makeService } from '../src/incidents/test-fixtures.js';
import { buildTestApp, checkedRequest, OWNER_EMAIL } from '../src/testing/app.js';
import { forEachDialect } from '../src/testing/dialects.js';
import { pagerDutyRestSpec, patchChannel, patchLogEntry, specChecker } from './fixtures/pagerduty/spec.js';

type Json = any;
const spec: Json = pagerDutyRestSpec();
const s = spec.components.schemas;
// The spec writes a value (and a default value) as an object `{value: …}` in six alternatives that
// no value can tell apart (none has a required key), while the API sends and takes the value itself:
// a string, number, boolean, list of strings, or null (PagerDuty's own request examples).
const value = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }, { type: 'null' }] };
s.CustomFieldsFieldValue.properties.value = value;
s.IncidentTypeCustomFields.properties.default_value = value;
s.ServiceCustomFieldsFieldValueReadModel.properties.value = value;
patchChannel(spec);
patchLogEntry(spec);
const { conforms, conformsTo } = specChecker(spec);

forEachDialect((dialect) => {
  describe(`${dialect}: incident types and custom fields conform to PagerDuty's OpenAPI`, async () => {
    const t = await buildTestApp(dialect);
    const serviceId = await makeService(t.app.ctx, await makePolicy(t.app.ctx, [[t.ownerId]]));
    const ok = checkedRequest(t, { from: OWNER_EMAIL });
    const option = (v: string) => ({ data: { data_type: 'string', value: v } });

    it('incident types', async () => {
      const made = await ok('POST', '/incidents/types', 201, { incident_type: { name: 'major', display_name: 'Major', parent_type: 'incident_default' } });
      conforms('/incidents/types', 'post', 201, made);
      conforms('/incidents/types', 'get', 200, await ok('GET', '/incidents/types?filter=all', 200));
      conforms('/incidents/types/{type_id_or_name}', 'get', 200, await ok('GET', '/incidents/types/incident_default', 200));
      conforms('/incidents/types/{type_id_or_name}', 'put', 200, await ok('PUT', '/incidents/types/major', 200, { incident_type: { description: 'Big' } }));
    });

    it('custom fields and options of a type', async () => {
      const p = '/incidents/types/major/custom_fields';
      const made = await ok('POST', p, 201, { field: { name: 'impact', display_name: 'Impact', data_type: 'string', field_type: 'multi_value_fixed', field_options: [option('web'), option('api')], default_value: ['web'] } });
      conforms('/incidents/types/{type_id_or_name}/custom_fields', 'post', 201, made);
      const f = made.field;
      conforms('/incidents/types/{type_id_or_name}/custom_fields', 'get', 200, await ok('GET', `${p}?include[]=field_options`, 200));
      conforms('/incidents/types/{type_id_or_name}/custom_fields/{field_id}', 'get', 200, await ok('GET', `${p}/${f.id}?include[]=field_options`, 200));
      conforms('/incidents/types/{type_id_or_name}/custom_fields/{field_id}', 'put', 200, await ok('PUT', `${p}/${f.id}`, 200, { field: { description: 'What broke' } }));
      const o = `${p}/${f.id}/field_options`;
      const added = await ok('POST', o, 201, { field_option: option('db') });
      conforms('/incidents/types/{type_id_or_name}/custom_fields/{field_id}/field_options', 'post', 201, added);
      conforms('/incidents/types/{type_id_or_name}/custom_fields/{field_id}/field_options', 'get', 200, await ok('GET', o, 200));
      const one = `/incidents/types/{type_id_or_name}/custom_fields/{field_id}/field_options/{field_option_id}`;
      conforms(one, 'get', 200, await ok('GET', `${o}/${added.field_option.id}`, 200));
      conforms(one, 'put', 200, await ok('PUT', `${o}/${added.field_option.id}`, 200, { field_option: option('database') }));
    });

    it('base type fields, options and incident values', async () => {
      const made = await ok('POST', '/incidents/custom_fields', 201, { field: { name: 'env', display_name: 'Environment', data_type: 'string', field_type: 'single_value_fixed', field_options: [option('prod'), option('dev')], default_value: 'prod' } });
      conforms('/incidents/custom_fields', 'post', 201, made);
      const plain = await ok('POST', '/incidents/custom_fields', 201, { field: { name: 'cost', display_name: 'Cost', data_type: 'float', field_type: 'single_value', description: null } });
      conforms('/incidents/custom_fields', 'get', 200, await ok('GET', '/incidents/custom_fields?include[]=field_options', 200));
      conforms('/incidents/custom_fields/{field_id}', 'get', 200, await ok('GET', `/incidents/custom_fields/${plain.field.id}`, 200));
      conforms('/incidents/custom_fields/{field_id}', 'put', 200, await ok('PUT', `/incidents/custom_fields/${plain.field.id}`, 200, { field: { display_name: 'Cost (USD)' } }));
      const o = `/incidents/custom_fields/${made.field.id}/field_options`;
      const added = await ok('POST', o, 201, { field_option: option('staging') });
      conforms('/incidents/custom_fields/{field_id}/field_options', 'post', 201, added);
      conforms('/incidents/custom_fields/{field_id}/field_options', 'get', 200, await ok('GET', o, 200));
      conforms('/incidents/custom_fields/{field_id}/field_options/{field_option_id}', 'put', 200, await ok('PUT', `${o}/${added.field_option.id}`, 200, { field_option: option('stage') }));
      const i = (await ok('POST', '/incidents', 201, { incident: { type: 'incident', title: 'Slow', service: { id: serviceId, type: 'service_reference' }, incident_type: { name: 'major' } } })).incident;
      // The whole incident is checked in incidents-conformance.test.ts (with its patches); here its type.
      conformsTo('components/schemas/Incident/allOf/1/properties/incident_type', i.incident_type, 'a typed incident\'s incident_type');
      assert.deepEqual(i.incident_type, { name: 'major' });
      const url = `/incidents/${i.id}/custom_fields/values`;
      conforms('/incidents/{id}/custom_fields/values', 'get', 200, await ok('GET', url, 200));
      conforms('/incidents/{id}/custom_fields/values', 'put', 201, await ok('PUT', url, 201, { custom_fields: [{ name: 'cost', value: 12.5 }, { name: 'impact', value: ['api'] }] }));
      const log = (await ok('GET', `/incidents/${i.id}/log_entries`, 200)).log_entries.find((e: Json) => e.type === 'custom_field_value_change_log_entry');
      conformsTo('components/schemas/CustomFieldValueChangeLogEntry', log, 'the value change log entry');
    });

    it('service fields, options and values', async () => {
      const made = await ok('POST', '/services/custom_fields', 201, { field: { name: 'tier', display_name: 'Tier', data_type: 'string', field_type: 'single_value_fixed', field_options: [option('gold')] } });
      conforms('/services/custom_fields', 'post', 201, made);
      const f = made.field;
      conforms('/services/custom_fields', 'get', 200, await ok('GET', '/services/custom_fields?include[]=field_options', 200));
      conforms('/services/custom_fields/{field_id}', 'get', 200, await ok('GET', `/services/custom_fields/${f.id}?include[]=field_options`, 200));
      conforms('/services/custom_fields/{field_id}', 'put', 200, await ok('PUT', `/services/custom_fields/${f.id}`, 200, { field: { description: 'Support tier' } }));
      const o = `/services/custom_fields/${f.id}/field_options`;
      const added = await ok('POST', o, 201, { field_option: option('silver') });
      conforms('/services/custom_fields/{field_id}/field_options', 'post', 201, added);
      conforms('/services/custom_fields/{field_id}/field_options', 'get', 200, await ok('GET', o, 200));
      conforms('/services/custom_fields/{field_id}/field_options/{field_option_id}', 'get', 200, await ok('GET', `${o}/${added.field_option.id}`, 200));
      conforms('/services/custom_fields/{field_id}/field_options/{field_option_id}', 'put', 200, await ok('PUT', `${o}/${added.field_option.id}`, 200, { field_option: option('bronze') }));
      const url = `/services/${serviceId}/custom_fields/values`;
      conforms('/services/{id}/custom_fields/values', 'put', 201, await ok('PUT', url, 201, { custom_fields: [{ id: f.id, value: 'gold' }] }));
      conforms('/services/{id}/custom_fields/values', 'get', 200, await ok('GET', url, 200));
    });
  });
});
