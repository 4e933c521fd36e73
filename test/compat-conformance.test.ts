// Validates issue 14's new responses (tags, abilities, business services and dependencies, audit
// records) against PagerDuty's own OpenAPI description, on both dialects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePolicy, makeService } from '../src/incidents/test-fixtures.js';
import { buildTestApp, checkedRequest } from '../src/testing/app.js';
import { forEachDialect } from '../src/testing/dialects.js';
import { orNull, pagerDutyRestSpec, specChecker } from './fixtures/pagerduty/spec.js';

type Json = any;
const spec: Json = pagerDutyRestSpec();
// The spec writes `nullable` beside `anyOf` without a `type`, which Ajv refuses to compile: the same
// meaning, written as a null alternative.
const meta = spec.components.schemas.AuditRecordResponseSchema.allOf[0].properties.response_metadata;
spec.components.schemas.AuditRecordResponseSchema.allOf[0].properties.response_metadata = { anyOf: [...meta.anyOf, { type: 'null' }] };
// A business service without a point of contact has `point_of_contact: null` (unset optional fields are
// null on the wire, as services' are).
const bs = spec.components.schemas.BusinessService.allOf?.[1]?.properties ?? spec.components.schemas.BusinessService.properties;
bs.point_of_contact = orNull(bs.point_of_contact);
const { conforms } = specChecker(spec);

forEachDialect((dialect) => {
  describe(`${dialect}: responses of issue 14 conform to PagerDuty's OpenAPI`, async () => {
    const t = await buildTestApp(dialect);
    const policyId = await makePolicy(t.app.ctx, [[t.ownerId]]);
    const serviceId = await makeService(t.app.ctx, policyId);
    const ok = checkedRequest(t);

    it('tags', async () => {
      const made = await ok('POST', '/tags', 201, { tag: { type: 'tag', label: 'conformance' } });
      conforms('/tags', 'post', 201, made);
      conforms('/tags', 'get', 200, await ok('GET', '/tags?total=true', 200));
      conforms('/tags/{id}', 'get', 200, await ok('GET', `/tags/${made.tag.id}`, 200));
      const teamId = (await ok('POST', '/teams', 201, { team: { type: 'team', name: 'Tagged' } })).team.id;
      const changed = await t.request('POST', `/teams/${teamId}/change_tags`, { add: [{ type: 'tag_reference', id: made.tag.id }] });
      assert.equal(changed.statusCode, 200, changed.body);
      conforms('/{entity_type}/{id}/tags', 'get', 200, await ok('GET', `/teams/${teamId}/tags`, 200));
      conforms('/tags/{id}/{entity_type}', 'get', 200, await ok('GET', `/tags/${made.tag.id}/teams`, 200));
    });

    it('abilities', async () => {
      conforms('/abilities', 'get', 200, await ok('GET', '/abilities', 200));
    });

    it('business services and service dependencies', async () => {
      const made = await ok('POST', '/business_services', 200, { business_service: { name: 'Checkout', description: 'Mobile checkout' } });
      conforms('/business_services', 'post', 200, made);
      const id = made.business_service.id as string;
      conforms('/business_services', 'get', 200, await ok('GET', '/business_services?total=true', 200));
      conforms('/business_services/{id}', 'get', 200, await ok('GET', `/business_services/${id}`, 200));
      conforms('/business_services/{id}', 'put', 200, await ok('PUT', `/business_services/${id}`, 200, { business_service: { name: 'Checkout 2' } }));
      const relationships = [{ supporting_service: { id: serviceId, type: 'service' }, dependent_service: { id, type: 'business_service' } }];
      conforms('/service_dependencies/associate', 'post', 200, await ok('POST', '/service_dependencies/associate', 200, { relationships }));
      conforms('/service_dependencies/technical_services/{id}', 'get', 200, await ok('GET', `/service_dependencies/technical_services/${serviceId}`, 200));
      conforms('/service_dependencies/business_services/{id}', 'get', 200, await ok('GET', `/service_dependencies/business_services/${id}`, 200));
    });

    it('audit records', async () => {
      const team = (await ok('POST', '/teams', 201, { team: { type: 'team', name: 'Audited' } })).team;
      await ok('PUT', `/teams/${team.id}`, 200, { team: { name: 'Audited 2' } });
      const all = await ok('GET', '/audit/records', 200);
      assert.ok(all.records.length > 0);
      conforms('/audit/records', 'get', 200, all);
      conforms('/teams/{id}/audit/records', 'get', 200, await ok('GET', `/teams/${team.id}/audit/records`, 200));
    });
  });
});
