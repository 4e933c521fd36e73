// Validates notify's responses (contact methods, notification rules, webhook subscriptions) against
// PagerDuty's shipped OpenAPI description, the way test/openapi-conformance.test.ts does for services.
import { pagerDutyRestSpec, specChecker } from '../fixtures/pagerduty/spec.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../src/testing/app.js';
import { forEachDialect } from '../../src/testing/dialects.js';

type Json = any;
const spec: Json = pagerDutyRestSpec();

/** Where the real API (and Tocsin) returns null for an unset optional field that the spec types as a string. */
function patchQuirks(doc: Json): void {
  const sub = doc.components.schemas.WebhookSubscription.properties;
  sub.description = { anyOf: [sub.description, { type: 'null' }] };
}
patchQuirks(spec);

const { conforms } = specChecker(spec);

forEachDialect((dialect) => {
  describe(`${dialect}: notify responses conform to PagerDuty's OpenAPI`, async () => {
    const t = await buildTestApp(dialect);
    const u = await t.makeUser('user', 'Conny');

    it('contact methods of every type', async () => {
      const bodies = [
        { type: 'email_contact_method', label: 'Work', address: 'conny@example.com' },
        { type: 'sms_contact_method', label: 'Mobile', address: '4155550100', country_code: 1 },
        { type: 'phone_contact_method', label: 'Desk', address: '2071838750', country_code: 44 },
        { type: 'push_notification_contact_method', label: 'Phone', address: 'tok-1', device_type: 'ios' },
      ];
      for (const b of bodies) {
        const res = await t.request('POST', `/users/${u.id}/contact_methods`, { contact_method: b });
        assert.equal(res.statusCode, 201, res.body);
        conforms('/users/{id}/contact_methods', 'post', 201, res.json());
        const id = res.json().contact_method.id;
        conforms('/users/{id}/contact_methods/{contact_method_id}', 'get', 200, (await t.request('GET', `/users/${u.id}/contact_methods/${id}`)).json());
        conforms('/users/{id}/contact_methods/{contact_method_id}', 'put', 200, (await t.request('PUT', `/users/${u.id}/contact_methods/${id}`, { contact_method: { label: 'New' } })).json());
      }
      conforms('/users/{id}/contact_methods', 'get', 200, (await t.request('GET', `/users/${u.id}/contact_methods`)).json());
    });

    it('notification rules', async () => {
      const cm = (await t.request('GET', `/users/${u.id}/contact_methods`)).json().contact_methods[0];
      const res = await t.request('POST', `/users/${u.id}/notification_rules`, { notification_rule: { type: 'assignment_notification_rule', start_delay_in_minutes: 0, contact_method: { id: cm.id, type: `${cm.type}_reference` }, urgency: 'high' } });
      assert.equal(res.statusCode, 201, res.body);
      conforms('/users/{id}/notification_rules', 'post', 201, res.json());
      const id = res.json().notification_rule.id;
      conforms('/users/{id}/notification_rules', 'get', 200, (await t.request('GET', `/users/${u.id}/notification_rules`)).json());
      conforms('/users/{id}/notification_rules/{notification_rule_id}', 'get', 200, (await t.request('GET', `/users/${u.id}/notification_rules/${id}`)).json());
      // include[]=contact_methods puts the full contact method where the reference was (NOTES §1.8), which the spec does not model.
      const inc = (await t.request('GET', `/users/${u.id}/notification_rules/${id}?include[]=contact_methods`)).json();
      assert.equal(inc.notification_rule.contact_method.type, cm.type);
      conforms('/users/{id}/notification_rules/{notification_rule_id}', 'put', 200, (await t.request('PUT', `/users/${u.id}/notification_rules/${id}`, { notification_rule: { start_delay_in_minutes: 2 } })).json());
    });

    it('webhook subscriptions', async () => {
      for (const filter of [{ type: 'account_reference' }, { type: 'team_reference', id: (await t.request('POST', '/teams', { team: { type: 'team', name: 'Conf' } })).json().team.id }]) {
        const res = await t.request('POST', '/webhook_subscriptions', {
          webhook_subscription: { delivery_method: { type: 'http_delivery_method', url: 'https://hooks.example.com/x', custom_headers: [{ name: 'a', value: 'b' }] }, events: ['incident.triggered'], filter },
        });
        assert.equal(res.statusCode, 200, res.body);
        conforms('/webhook_subscriptions', 'post', 200, res.json());
        const id = res.json().webhook_subscription.id;
        conforms('/webhook_subscriptions/{id}', 'get', 200, (await t.request('GET', `/webhook_subscriptions/${id}`)).json());
        conforms('/webhook_subscriptions/{id}', 'put', 200, (await t.request('PUT', `/webhook_subscriptions/${id}`, { webhook_subscription: { description: 'd' } })).json());
        conforms('/webhook_subscriptions/{id}/enable', 'post', 200, (await t.request('POST', `/webhook_subscriptions/${id}/enable`)).json());
      }
      conforms('/webhook_subscriptions', 'get', 200, (await t.request('GET', '/webhook_subscriptions')).json());
    });
  });
});
