import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePolicy } from '../services/test-fixtures.js';
import { buildTestApp } from '../testing/app.js';
import { buildTeam, buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';

type Json = any;

forEachDialect((dialect) => {
  describe(`${dialect}: business services and service dependencies`, async () => {
    const t = await buildTestApp(dialect);
    const policyId = (await makePolicy(t, 'bs policy')).id;
    const service = async (name: string) =>
      (await t.request('POST', '/services', { service: { type: 'service', name, escalation_policy: { id: policyId, type: 'escalation_policy_reference' } } })).json().service as Json;

    it('creates (200, as PagerDuty), shows, lists, updates and deletes business services', async () => {
      const team = await buildTeam(t);
      const made = await t.request('POST', '/business_services', { business_service: { name: 'Checkout', description: 'Mobile checkout', point_of_contact: 'Ops', team: { id: team.id } } });
      assert.equal(made.statusCode, 200, made.body);
      const b = made.json().business_service;
      assert.deepEqual([b.type, b.name, b.description, b.point_of_contact, b.team.id, b.team.type], ['business_service', 'Checkout', 'Mobile checkout', 'Ops', team.id, 'team_reference']);
      assert.deepEqual((await t.request('GET', `/business_services/${b.id}`)).json().business_service, b);
      const put = await t.request('PUT', `/business_services/${b.id}`, { business_service: { name: 'Checkout v2', team: null } });
      assert.deepEqual([put.json().business_service.name, put.json().business_service.team, put.json().business_service.description], ['Checkout v2', null, 'Mobile checkout']);
      const list = (await t.request('GET', '/business_services?total=true')).json();
      assert.deepEqual([list.business_services.map((x: Json) => x.id), list.total], [[b.id], 1]);
      assert.equal((await t.request('POST', '/business_services', { business_service: { name: ' ' } })).statusCode, 400);
      assert.equal((await t.request('POST', '/business_services', { business_service: { name: 'x', team: { id: 'PNOPE00' } } })).statusCode, 400);
      const limited = await buildUser(t, { role: 'limited_user' });
      assert.equal((await t.request('DELETE', `/business_services/${b.id}`, undefined, { token: limited.token })).statusCode, 403);
      assert.equal((await t.request('DELETE', `/business_services/${b.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `/business_services/${b.id}`)).statusCode, 404);
    });

    it('associates and disassociates dependencies, and lists them from either end', async () => {
      const db = await service('db');
      const api = await service('api');
      const shop = (await t.request('POST', '/business_services', { business_service: { name: 'Shop' } })).json().business_service;
      const rel = (s: Json, d: Json) => ({ supporting_service: { id: s.id, type: s.type }, dependent_service: { id: d.id, type: d.type } });
      const made = await t.request('POST', '/service_dependencies/associate', { relationships: [rel(db, api), rel(api, shop)] });
      assert.equal(made.statusCode, 200, made.body);
      const pairs = (list: Json[]) => list.map((r) => [r.supporting_service.id, r.supporting_service.type, r.dependent_service.id, r.dependent_service.type, r.type]);
      assert.deepEqual(pairs(made.json().relationships), [
        [db.id, 'technical_service_reference', api.id, 'technical_service_reference', 'service_dependency'],
        [api.id, 'technical_service_reference', shop.id, 'business_service_reference', 'service_dependency'],
      ]);
      const again = await t.request('POST', '/service_dependencies/associate', { relationships: [rel(db, api)] });
      assert.equal(again.json().relationships[0].id, made.json().relationships[0].id, 'associating twice keeps one dependency');
      assert.equal((await t.request('GET', `/service_dependencies/technical_services/${api.id}`)).json().relationships.length, 2);
      assert.deepEqual(pairs((await t.request('GET', `/service_dependencies/business_services/${shop.id}`)).json().relationships).map((p) => p[0]), [api.id]);
      assert.equal((await t.request('POST', '/service_dependencies/associate', { relationships: [rel(db, db)] })).statusCode, 400);
      assert.equal((await t.request('POST', '/service_dependencies/associate', { relationships: [rel(db, { id: 'PNOPE00', type: 'service' })] })).statusCode, 404);
      assert.equal((await t.request('GET', '/service_dependencies/technical_services/PNOPE00')).statusCode, 404);
      const gone = await t.request('POST', '/service_dependencies/disassociate', { relationships: [rel(db, api)] });
      assert.equal(gone.statusCode, 200);
      assert.equal(gone.json().relationships.length, 1);
      assert.deepEqual(pairs((await t.request('GET', `/service_dependencies/technical_services/${api.id}`)).json().relationships).map((p) => p[2]), [shop.id]);
      assert.equal((await t.request('DELETE', `/services/${api.id}`)).statusCode, 204);
      assert.deepEqual((await t.request('GET', `/service_dependencies/business_services/${shop.id}`)).json().relationships, [], 'a deleted service is left out');
    });
  });
});
