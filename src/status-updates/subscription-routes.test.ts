import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pagerDutyRestSpec, specChecker } from '../../test/fixtures/pagerduty/spec.js';
import { makePolicy } from '../services/test-fixtures.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildTeam, buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';

type Json = any;
const { conforms } = specChecker(pagerDutyRestSpec());

forEachDialect((dialect) => {
  describe(`${dialect}: notification subscriptions of business services, users and teams`, async () => {
    const t = await buildTestApp(dialect);
    const policyId = (await makePolicy(t, 'subs policy')).id;
    const ok = async (method: 'GET' | 'POST', url: string, body?: unknown, token?: string) => {
      const res = await t.request(method, url, body, token ? { token } : { headers: { from: OWNER_EMAIL } });
      assert.equal(res.statusCode, 200, `${method} ${url}: ${res.body}`);
      return res.json();
    };
    const shop = (await ok('POST', '/business_services', { business_service: { name: 'Shop' } })).business_service;
    const svc = (await t.request('POST', '/services', { service: { type: 'service', name: 'subs svc', escalation_policy: { id: policyId, type: 'escalation_policy_reference' } } })).json().service;
    const inc = (await t.request('POST', '/incidents', { incident: { type: 'incident', title: 'Broken cart', service: { id: svc.id, type: 'service_reference' } } }, { headers: { from: OWNER_EMAIL } })).json().incident;
    const sam = await buildUser(t, { role: 'observer' });
    const lee = await buildUser(t, { role: 'limited_user' });
    const team = await buildTeam(t);

    it('adds, lists and removes the subscribers of a business service', async () => {
      const made = await ok('POST', `/business_services/${shop.id}/subscribers`, {
        subscribers: [{ subscriber_id: sam.id, subscriber_type: 'user' }, { subscriber_id: team.id, subscriber_type: 'team' }, { subscriber_id: 'PNOPE00', subscriber_type: 'user' }],
      });
      conforms('/business_services/{id}/subscribers', 'post', 200, made);
      assert.deepEqual(made.subscriptions.map((s: Json) => [s.subscriber_id, s.subscribable_id, s.subscribable_type, s.result]), [
        [sam.id, shop.id, 'business_service', 'success'],
        [team.id, shop.id, 'business_service', 'success'],
        ['PNOPE00', shop.id, 'business_service', 'unauthorized'],
      ]);
      assert.equal((await ok('POST', `/business_services/${shop.id}/subscribers`, { subscribers: [{ subscriber_id: sam.id, subscriber_type: 'user' }] }, sam.token)).subscriptions[0].result, 'duplicate');
      const list = await ok('GET', `/business_services/${shop.id}/subscribers?total=true`);
      conforms('/business_services/{id}/subscribers', 'get', 200, list);
      assert.deepEqual([list.subscribers, list.total], [[{ subscriber_id: team.id, subscriber_type: 'team' }, { subscriber_id: sam.id, subscriber_type: 'user' }], 2], 'in the order subscribed (teams first at the same instant)');
      const denied = await t.request('POST', `/business_services/${shop.id}/subscribers`, { subscribers: [{ subscriber_id: lee.id, subscriber_type: 'user' }] }, { token: sam.token });
      assert.equal(denied.statusCode, 403, 'an observer subscribes only themselves');
      const gone = await ok('POST', `/business_services/${shop.id}/unsubscribe`, { subscribers: [{ subscriber_id: sam.id, subscriber_type: 'user' }, { subscriber_id: lee.id, subscriber_type: 'user' }] });
      conforms('/business_services/{id}/unsubscribe', 'post', 200, gone);
      assert.deepEqual(gone, { deleted_count: 1, unauthorized_count: 0, non_existent_count: 1 });
      assert.equal((await t.request('GET', '/business_services/PNOPE00/subscribers')).statusCode, 404);
      assert.equal((await t.request('POST', `/business_services/${shop.id}/subscribers`, { subscribers: [] })).statusCode, 400);
    });

    it('lets a user manage their own subscriptions to incidents and business services', async () => {
      const body = { subscribables: [{ subscribable_id: inc.id, subscribable_type: 'incident' }, { subscribable_id: shop.id, subscribable_type: 'business_service' }, { subscribable_id: 'PNOPE00', subscribable_type: 'incident' }] };
      const made = await ok('POST', `/users/${lee.id}/notification_subscriptions`, body, lee.token);
      conforms('/users/{id}/notification_subscriptions', 'post', 200, made);
      assert.deepEqual(made.subscriptions.map((s: Json) => [s.subscriber_id, s.subscriber_type, s.subscribable_type, s.result]), [
        [lee.id, 'user', 'incident', 'success'],
        [lee.id, 'user', 'business_service', 'success'],
        [lee.id, 'user', 'incident', 'unauthorized'],
      ]);
      const list = await ok('GET', `/users/${lee.id}/notification_subscriptions`);
      conforms('/users/{id}/notification_subscriptions', 'get', 200, list);
      assert.deepEqual(list.subscriptions.map((s: Json) => [s.subscription.subscribable_id, s.subscribable_name]), [[inc.id, 'Broken cart'], [shop.id, 'Shop']]);
      const viaIncident = (await ok('GET', `/incidents/${inc.id}/status_updates/subscribers`)).subscribers.map((s: Json) => s.subscriber_id);
      assert.deepEqual(viaIncident, [lee.id], 'the same subscription as the incident’s own subscribers endpoint');
      assert.equal((await t.request('POST', `/users/${lee.id}/notification_subscriptions`, body, { token: sam.token })).statusCode, 403, 'not for someone else');
      assert.equal((await t.request('GET', '/users/PNOPE00/notification_subscriptions')).statusCode, 404);
      const gone = await ok('POST', `/users/${lee.id}/notification_subscriptions/unsubscribe`, { subscribables: body.subscribables.slice(0, 1) }, lee.token);
      conforms('/users/{id}/notification_subscriptions/unsubscribe', 'post', 200, gone);
      assert.deepEqual(gone, { deleted_count: 1, unauthorized_count: 0, non_existent_count: 0 });
      assert.deepEqual((await ok('GET', `/users/${lee.id}/notification_subscriptions`)).subscriptions.map((s: Json) => s.subscription.subscribable_type), ['business_service']);
    });

    it('manages a team’s subscriptions for those who may change the team', async () => {
      const made = await ok('POST', `/teams/${team.id}/notification_subscriptions`, { subscribables: [{ subscribable_id: inc.id, subscribable_type: 'incident' }] });
      conforms('/teams/{id}/notification_subscriptions', 'post', 200, made);
      const list = await ok('GET', `/teams/${team.id}/notification_subscriptions?total=true`);
      conforms('/teams/{id}/notification_subscriptions', 'get', 200, list);
      assert.deepEqual([list.subscriptions.map((s: Json) => [s.subscription.subscriber_type, s.subscription.subscribable_type, s.subscription.subscribable_id]), list.total], [
        [['team', 'incident', inc.id], ['team', 'business_service', shop.id]],
        2,
      ]);
      assert.equal((await t.request('POST', `/teams/${team.id}/notification_subscriptions/unsubscribe`, { subscribables: [{ subscribable_id: inc.id, subscribable_type: 'incident' }] }, { token: lee.token })).statusCode, 403);
      const gone = await ok('POST', `/teams/${team.id}/notification_subscriptions/unsubscribe`, { subscribables: [{ subscribable_id: inc.id, subscribable_type: 'incident' }] });
      conforms('/teams/{id}/notification_subscriptions/unsubscribe', 'post', 200, gone);
      assert.equal(gone.deleted_count, 1);
      assert.equal((await t.request('DELETE', `/business_services/${shop.id}`)).statusCode, 204);
      assert.deepEqual((await ok('GET', `/teams/${team.id}/notification_subscriptions`)).subscriptions, [], 'a deleted business service is left out');
    });
  });
});
