import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pagerDutyRestSpec, specChecker } from '../../test/fixtures/pagerduty/spec.js';
import { makePolicy } from '../services/test-fixtures.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';

type Json = any;
const { conforms } = specChecker(pagerDutyRestSpec());

forEachDialect((dialect) => {
  describe(`${dialect}: business service impact, priority threshold and status dashboards`, async () => {
    const t = await buildTestApp(dialect);
    const policyId = (await makePolicy(t, 'impact policy')).id;
    const ok = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, status: number, body?: unknown) => {
      const res = await t.request(method, url, body, { headers: { from: OWNER_EMAIL } });
      assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
      return status === 204 ? null : res.json();
    };
    const service = async (name: string) => (await ok('POST', '/services', 201, { service: { type: 'service', name, escalation_policy: { id: policyId, type: 'escalation_policy_reference' } } })).service as Json;
    const business = async (name: string) => (await ok('POST', '/business_services', 200, { business_service: { name } })).business_service as Json;
    const priorities = (await ok('GET', '/priorities', 200)).priorities as Json[];
    const incident = async (title: string, s: Json, priority: Json | null) =>
      (await ok('POST', '/incidents', 201, { incident: { type: 'incident', title, service: { id: s.id, type: 'service_reference' }, ...(priority ? { priority: { id: priority.id, type: 'priority_reference' } } : {}) } })).incident as Json;
    const link = (pairs: Array<[Json, Json]>) =>
      ok('POST', '/service_dependencies/associate', 200, { relationships: pairs.map(([s, d]) => ({ supporting_service: { id: s.id, type: s.type }, dependent_service: { id: d.id, type: d.type } })) });

    // db → api → Shop → Company; api ⇄ auth (a cycle); Blog stands alone.
    const [db, api, auth, other] = [await service('db'), await service('api'), await service('auth'), await service('other')];
    const [shop, company, blog] = [await business('Shop'), await business('Company'), await business('Blog')];
    await link([[db, api], [api, shop], [shop, company], [auth, api], [api, auth]]);

    it('computes impact from open incidents with a priority on supporting services, transitively', async () => {
      const none = await ok('GET', '/business_services/impacts?additional_fields[]=total_impacted_count', 200);
      conforms('/business_services/impacts', 'get', 200, none);
      assert.deepEqual([none.services.map((s: Json) => [s.name, s.status]), none.additional_fields.total_impacted_count], [[['Blog', 'not_impacted'], ['Company', 'not_impacted']], 0], 'top-level services only');
      await incident('no priority', db, null);
      const p3 = await incident('db slow', db, priorities[2]);
      const p1 = await incident('auth down', auth, priorities[0]);
      await incident('elsewhere', other, priorities[0]);
      const res = await ok('GET', `/business_services/impacts?ids[]=${shop.id}&ids[]=${blog.id}&ids[]=${company.id}&additional_fields[]=services.highest_impacting_priority`, 200);
      conforms('/business_services/impacts', 'get', 200, res);
      assert.deepEqual(
        res.services.map((s: Json) => [s.name, s.status, s.additional_fields.highest_impacting_priority?.id ?? null]),
        [['Company', 'impacted', priorities[0].id], ['Shop', 'impacted', priorities[0].id], ['Blog', 'not_impacted', null]],
      );
      const impactors = await ok('GET', `/business_services/impactors?ids[]=${shop.id}`, 200);
      conforms('/business_services/impactors', 'get', 200, impactors);
      assert.deepEqual(impactors.impactors.map((i: Json) => i.id).sort(), [p1.id, p3.id].sort());
      const mine = await ok('GET', `/incidents/${p3.id}/business_services/impacts`, 200);
      conforms('/incidents/{id}/business_services/impacts', 'get', 200, mine);
      assert.deepEqual(mine.services.map((s: Json) => s.name), ['Company', 'Shop']);
      const supporting = await ok('GET', `/business_services/${company.id}/supporting_services/impacts`, 200);
      conforms('/business_services/{id}/supporting_services/impacts', 'get', 200, supporting);
      assert.deepEqual(supporting.services.map((s: Json) => [s.id, s.status]), [[shop.id, 'impacted']]);
      assert.equal((await t.request('GET', '/business_services/PNOPE00/supporting_services/impacts')).statusCode, 404);

      await ok('PUT', `/incidents/${p1.id}`, 200, { incident: { type: 'incident_reference', status: 'resolved' } });
      const after = await ok('GET', `/business_services/impacts?ids[]=${shop.id}&additional_fields[]=services.highest_impacting_priority`, 200);
      assert.deepEqual(after.services[0].additional_fields.highest_impacting_priority, { id: priorities[2].id, order: priorities[2].position }, 'a resolved incident no longer impacts');
    });

    it('sets, reads and clears the global priority threshold, which filters impacting incidents', async () => {
      const empty = await ok('GET', '/business_services/priority_thresholds', 200);
      conforms('/business_services/priority_thresholds', 'get', 200, empty);
      assert.equal(empty.global_threshold, null);
      const set = await ok('PUT', '/business_services/priority_thresholds', 200, { global_threshold: { id: priorities[1].id, order: 0 } });
      conforms('/business_services/priority_thresholds', 'put', 200, set);
      assert.deepEqual(set.global_threshold, { id: priorities[1].id, order: priorities[1].position });
      assert.deepEqual((await ok('GET', '/business_services/priority_thresholds', 200)).global_threshold, set.global_threshold);
      assert.equal((await ok('GET', `/business_services/impacts?ids[]=${shop.id}`, 200)).services[0].status, 'not_impacted', 'the P3 incident is below the P2 threshold');
      assert.equal((await t.request('PUT', '/business_services/priority_thresholds', { global_threshold: { id: 'PNOPE00', order: 1 } })).statusCode, 400);
      const limited = await buildUser(t, { role: 'limited_user' });
      assert.equal((await t.request('DELETE', '/business_services/priority_thresholds', undefined, { token: limited.token })).statusCode, 403);
      await ok('DELETE', '/business_services/priority_thresholds', 204);
      assert.equal((await ok('GET', `/business_services/impacts?ids[]=${shop.id}`, 200)).services[0].status, 'impacted');
    });

    it('lets a manual impact override the computed one, for responders of the incident only', async () => {
      const i = await incident('blog typo', other, null);
      const put = await ok('PUT', `/incidents/${i.id}/business_services/${blog.id}/impacts`, 200, { relation: 'impacted' });
      conforms('/incidents/{id}/business_services/{business_service_id}/impacts', 'put', 200, put);
      assert.deepEqual(put, { relation: 'impacted' });
      assert.deepEqual((await ok('GET', `/incidents/${i.id}/business_services/impacts`, 200)).services.map((s: Json) => s.name), ['Blog']);
      const p = await incident('db again', db, priorities[0]);
      await ok('PUT', `/incidents/${p.id}/business_services/${shop.id}/impacts`, 200, { relation: 'not_impacted' });
      assert.deepEqual((await ok('GET', `/incidents/${p.id}/business_services/impacts`, 200)).services.map((s: Json) => s.name), ['Company']);
      assert.equal((await t.request('PUT', `/incidents/${i.id}/business_services/PNOPE00/impacts`, { relation: 'impacted' })).statusCode, 404);
      assert.equal((await t.request('PUT', `/incidents/${i.id}/business_services/${blog.id}/impacts`, { relation: 'maybe' })).statusCode, 400);
      const observer = await buildUser(t, { role: 'observer' });
      assert.equal((await t.request('PUT', `/incidents/${i.id}/business_services/${blog.id}/impacts`, { relation: 'not_impacted' }, { token: observer.token })).statusCode, 403);
    });

    it('serves one status dashboard showing the business services the account subscribes to', async () => {
      const list = await ok('GET', '/status_dashboards', 200);
      conforms('/status_dashboards', 'get', 200, list);
      const d = list.status_dashboards[0];
      conforms('/status_dashboards/{id}', 'get', 200, await ok('GET', `/status_dashboards/${d.id}`, 200));
      assert.deepEqual((await ok('GET', `/status_dashboards/url_slugs/${d.url_slug}`, 200)).status_dashboard, d);
      assert.equal((await t.request('GET', '/status_dashboards/PNOPE00')).statusCode, 404);
      assert.equal((await t.request('GET', '/status_dashboards/url_slugs/nope/service_impacts')).statusCode, 404);
      assert.deepEqual((await ok('GET', `/status_dashboards/${d.id}/service_impacts`, 200)).services, []);
      const sub = await ok('POST', `/business_services/${shop.id}/account_subscription`, 200);
      conforms('/business_services/{id}/account_subscription', 'post', 200, sub);
      await ok('POST', `/business_services/${blog.id}/account_subscription`, 200);
      const impacts = await ok('GET', `/status_dashboards/url_slugs/${d.url_slug}/service_impacts?additional_fields[]=total_impacted_count`, 200);
      conforms('/status_dashboards/url_slugs/{url_slug}/service_impacts', 'get', 200, impacts);
      assert.deepEqual([impacts.services.map((s: Json) => [s.name, s.status]), impacts.additional_fields.total_impacted_count], [[['Blog', 'impacted'], ['Shop', 'impacted']], 2]);
      await ok('DELETE', `/business_services/${blog.id}/account_subscription`, 204);
      assert.deepEqual((await ok('GET', `/status_dashboards/${d.id}/service_impacts`, 200)).services.map((s: Json) => s.name), ['Shop']);
    });
  });
});
