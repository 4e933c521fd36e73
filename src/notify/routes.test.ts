import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';

forEachDialect((dialect) => {
  describe(`${dialect}: contact methods and notification rules`, async () => {
    const t = await buildTestApp(dialect);
    const alice = await t.makeUser('user', 'Alice');
    const bob = await t.makeUser('user', 'Bob');

    it('creates, lists, shows, updates and deletes an email contact method with PagerDuty shapes', async () => {
      const res = await t.request('POST', `/users/${alice.id}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'Work', address: 'alice@example.com', id: 'IGNORED' } }, { token: alice.token });
      assert.equal(res.statusCode, 201, res.body);
      const cm = res.json().contact_method;
      assert.notEqual(cm.id, 'IGNORED');
      assert.deepEqual(cm, {
        id: cm.id,
        type: 'email_contact_method',
        summary: 'Work',
        self: `http://tocsin.test/users/${alice.id}/contact_methods/${cm.id}`,
        html_url: null,
        label: 'Work',
        address: 'alice@example.com',
        send_short_email: false,
        enabled: true,
      });
      const list = await t.request('GET', `/users/${alice.id}/contact_methods`);
      assert.deepEqual(list.json().contact_methods.map((c: { id: string }) => c.id), [cm.id]);
      const put = await t.request('PUT', `/users/${alice.id}/contact_methods/${cm.id}`, { contact_method: { label: 'Office', send_short_email: true } }, { token: alice.token });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().contact_method.label, 'Office');
      assert.equal(put.json().contact_method.address, 'alice@example.com');
      assert.equal(put.json().contact_method.send_short_email, true);
      const del = await t.request('DELETE', `/users/${alice.id}/contact_methods/${cm.id}`, undefined, { token: alice.token });
      assert.equal(del.statusCode, 204);
      assert.equal((await t.request('GET', `/users/${alice.id}/contact_methods/${cm.id}`)).statusCode, 404);
    });

    it('stores phone, sms and push contact methods with their fields, and validates', async () => {
      const sms = await t.request('POST', `/users/${alice.id}/contact_methods`, { contact_method: { type: 'sms_contact_method', label: 'Mobile', address: '(415) 555-0100', country_code: 1 } });
      assert.equal(sms.statusCode, 201, sms.body);
      assert.equal(sms.json().contact_method.address, '4155550100');
      assert.equal(sms.json().contact_method.country_code, 1);
      assert.equal(sms.json().contact_method.blacklisted, false);
      const push = await t.request('POST', `/users/${alice.id}/contact_methods`, { contact_method: { type: 'push_notification_contact_method', label: 'Phone', address: 'device-token-1' } });
      assert.equal(push.statusCode, 201, push.body);
      assert.equal(push.json().contact_method.device_type, 'android');
      assert.deepEqual(push.json().contact_method.sounds, []);
      const noCc = await t.request('POST', `/users/${alice.id}/contact_methods`, { contact_method: { type: 'phone_contact_method', label: 'Desk', address: '5550100' } });
      assert.equal(noCc.statusCode, 400);
      assert.equal(noCc.json().error.code, 2001);
      const badMail = await t.request('POST', `/users/${alice.id}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'X', address: 'not-an-email' } });
      assert.equal(badMail.statusCode, 400);
      const dup = await t.request('POST', `/users/${alice.id}/contact_methods`, { contact_method: { type: 'sms_contact_method', label: 'Again', address: '4155550100', country_code: 1 } });
      assert.equal(dup.statusCode, 400, dup.body);
      assert.match(dup.json().error.errors[0], /already has a contact method/);
    });

    it('normalises phone numbers with libphonenumber and refuses invalid ones with a clear 400', async () => {
      // An E.164 address brings its country code; a national trunk 0 is dropped.
      const e164 = await t.request('POST', `/users/${alice.id}/contact_methods`, { contact_method: { type: 'phone_contact_method', label: 'Paris', address: '+33 6 12 34 56 78' } });
      assert.equal(e164.statusCode, 201, e164.body);
      assert.deepEqual([e164.json().contact_method.country_code, e164.json().contact_method.address], [33, '612345678']);
      const trunk = await t.request('POST', `/users/${alice.id}/contact_methods`, { contact_method: { type: 'sms_contact_method', label: 'London', address: '020 7183 8750', country_code: 44 } });
      assert.equal(trunk.statusCode, 201, trunk.body);
      assert.equal(trunk.json().contact_method.address, '2071838750');
      for (const [address, cc, re] of [
        ['5550100', 1, /5550100 with country code 1 is not a valid phone number/],
        ['555-0100 123', 1, /is not a valid phone number/],
        ['call me', 1, /is not a phone number/],
      ] as const) {
        const bad = await t.request('POST', `/users/${alice.id}/contact_methods`, { contact_method: { type: 'sms_contact_method', label: 'Bad', address, country_code: cc } });
        assert.equal(bad.statusCode, 400, bad.body);
        assert.equal(bad.json().error.code, 2001);
        assert.match(bad.json().error.errors[0], re);
      }
      const put = await t.request('PUT', `/users/${alice.id}/contact_methods/${trunk.json().contact_method.id}`, { contact_method: { address: '12' } });
      assert.equal(put.statusCode, 400, put.body);
      assert.equal((await t.request('GET', `/users/${alice.id}/contact_methods/${trunk.json().contact_method.id}`)).json().contact_method.address, '2071838750');
    });

    it('lets users edit only their own; owner and admin anyone', async () => {
      const byBob = await t.request('POST', `/users/${alice.id}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'B', address: 'b@example.com' } }, { token: bob.token });
      assert.equal(byBob.statusCode, 403);
      assert.equal(byBob.json().error.code, 2010);
      const admin = await t.makeUser('admin');
      const byAdmin = await t.request('POST', `/users/${alice.id}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'A', address: 'a2@example.com' } }, { token: admin.token });
      assert.equal(byAdmin.statusCode, 201);
      assert.equal((await t.request('GET', '/users/PNOPE00/contact_methods')).statusCode, 404);
    });

    it('manages notification rules: urgency filter (default high), include[]=contact_methods, ownership of the contact method', async () => {
      const cm = (await t.request('POST', `/users/bob/x`)).statusCode; // unknown path: 404, keeps the suite honest
      assert.equal(cm, 404);
      const email = (await t.request('POST', `/users/${bob.id}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'Work', address: 'bob@example.com' } }, { token: bob.token })).json().contact_method;
      const hi = await t.request('POST', `/users/${bob.id}/notification_rules`, { notification_rule: { type: 'assignment_notification_rule', start_delay_in_minutes: 0, contact_method: { id: email.id, type: 'email_contact_method_reference' }, urgency: 'high' } }, { token: bob.token });
      assert.equal(hi.statusCode, 201, hi.body);
      const rule = hi.json().notification_rule;
      assert.equal(rule.type, 'assignment_notification_rule');
      assert.equal(rule.start_delay_in_minutes, 0);
      assert.equal(rule.urgency, 'high');
      assert.deepEqual(rule.contact_method, { id: email.id, type: 'email_contact_method_reference', summary: 'Work', self: email.self, html_url: null });
      const lo = await t.request('POST', `/users/${bob.id}/notification_rules`, { notification_rule: { start_delay_in_minutes: 5, contact_method: { id: email.id }, urgency: 'low' } }, { token: bob.token });
      assert.equal(lo.statusCode, 201);
      assert.deepEqual((await t.request('GET', `/users/${bob.id}/notification_rules`)).json().notification_rules.map((r: { id: string }) => r.id), [rule.id]);
      assert.equal((await t.request('GET', `/users/${bob.id}/notification_rules?urgency=all`)).json().notification_rules.length, 2);
      const inc = await t.request('GET', `/users/${bob.id}/notification_rules/${rule.id}?include[]=contact_methods`);
      assert.equal(inc.json().notification_rule.contact_method.type, 'email_contact_method');
      assert.equal(inc.json().notification_rule.contact_method.address, 'bob@example.com');
      const aliceCm = (await t.request('GET', `/users/${alice.id}/contact_methods`)).json().contact_methods[0];
      const foreign = await t.request('POST', `/users/${bob.id}/notification_rules`, { notification_rule: { start_delay_in_minutes: 0, contact_method: { id: aliceCm.id }, urgency: 'high' } });
      assert.equal(foreign.statusCode, 400);
      assert.equal(foreign.json().error.code, 2002);
      const missing = await t.request('POST', `/users/${bob.id}/notification_rules`, { notification_rule: { contact_method: { id: email.id } } });
      assert.equal(missing.statusCode, 400);
      const put = await t.request('PUT', `/users/${bob.id}/notification_rules/${rule.id}`, { notification_rule: { start_delay_in_minutes: 3 } }, { token: bob.token });
      assert.equal(put.json().notification_rule.start_delay_in_minutes, 3);
      assert.equal(put.json().notification_rule.urgency, 'high');
      assert.equal((await t.request('PUT', `/users/${bob.id}/notification_rules/${rule.id}`, { notification_rule: { urgency: 'low' } }, { token: alice.token })).statusCode, 403);
      // Deleting the contact method takes its rules with it.
      assert.equal((await t.request('DELETE', `/users/${bob.id}/contact_methods/${email.id}`, undefined, { token: bob.token })).statusCode, 204);
      assert.equal((await t.request('GET', `/users/${bob.id}/notification_rules?urgency=all`)).json().notification_rules.length, 0);
      assert.equal((await t.request('DELETE', `/users/${bob.id}/notification_rules/${rule.id}`)).statusCode, 404);
    });
  });

  describe(`${dialect}: webhook subscriptions`, async () => {
    const t = await buildTestApp(dialect);
    const body = (over: Record<string, unknown> = {}) => ({
      webhook_subscription: {
        type: 'webhook_subscription',
        delivery_method: { type: 'http_delivery_method', url: 'https://hooks.example.com/pd', custom_headers: [{ name: 'X-Api-Key', value: 'sekrit' }] },
        description: 'Sends PagerDuty v3 webhook events somewhere interesting.',
        events: ['incident.triggered', 'incident.resolved'],
        filter: { type: 'account_reference' },
        ...over,
      },
    });

    it('creates with 200, shows the secret only then, and redacts header values', async () => {
      const res = await t.request('POST', '/webhook_subscriptions', body());
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json().webhook_subscription;
      assert.match(s.delivery_method.secret, /^[0-9a-f]{64}$/);
      assert.equal(s.type, 'webhook_subscription');
      assert.equal(s.active, true);
      assert.equal(s.delivery_method.temporarily_disabled, false);
      assert.deepEqual(s.delivery_method.custom_headers, [{ name: 'X-Api-Key', value: '-- redacted --' }]);
      assert.deepEqual(s.filter, { type: 'account_reference' });
      const got = (await t.request('GET', `/webhook_subscriptions/${s.id}`)).json().webhook_subscription;
      assert.equal(got.delivery_method.secret, null);
      assert.deepEqual(got.events, ['incident.triggered', 'incident.resolved']);
      const list = (await t.request('GET', '/webhook_subscriptions?total=true')).json();
      assert.equal(list.total, 1);
      assert.equal(list.webhook_subscriptions[0].delivery_method.secret, null);
      assert.equal(list.limit, 25);
      assert.equal(list.more, false);
    });

    it('refuses non-http URLs, loopback and private addresses, unknown events, filters without id', async () => {
      for (const url of ['ftp://example.com/x', 'http://127.0.0.1:9/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://localhost/x', 'not a url']) {
        const res = await t.request('POST', '/webhook_subscriptions', body({ delivery_method: { url } }));
        assert.equal(res.statusCode, 400, url);
        assert.equal(res.json().error.code, 2001);
      }
      assert.equal((await t.request('POST', '/webhook_subscriptions', body({ events: ['incident.exploded'] }))).statusCode, 400);
      assert.equal((await t.request('POST', '/webhook_subscriptions', body({ events: [] }))).statusCode, 400);
      assert.equal((await t.request('POST', '/webhook_subscriptions', body({ filter: { type: 'service_reference' } }))).statusCode, 400);
      assert.equal((await t.request('POST', '/webhook_subscriptions', body({ filter: { type: 'service_reference', id: 'PNOPE00' } }))).statusCode, 400);
      assert.equal((await t.request('POST', '/webhook_subscriptions', body({ filter: { type: 'team_reference', id: 'PNOPE00' } }))).statusCode, 400);
    });

    it('refuses custom headers Node would refuse to send, accepts tab and Latin-1 values', async () => {
      const headers = (name: string, value: string) => body({ delivery_method: { url: 'https://hooks.example.com/pd', custom_headers: [{ name, value }] } });
      for (const [name, value] of [
        ['X-Key', 'a\u0001b'],
        ['X-Key', 'esc\u001b[0m'],
        ['X-Key', 'del\u007f'],
        ['X-Key', 'costs 5 \u20ac'],
        ['X-Key', 'line\rbreak'],
        ['X Key', 'v'],
        ['X-Key:', 'v'],
        ['X-K\u00e9y', 'v'],
        ['Content-Length', '5'],
      ]) {
        const res = await t.request('POST', '/webhook_subscriptions', headers(name, value));
        assert.equal(res.statusCode, 400, JSON.stringify([name, value]));
        assert.equal(res.json().error.code, 2001);
        assert.match(res.json().error.errors[0], /^custom_headers: /);
      }
      for (const value of ['tab\there', 'caf\u00e9', '']) {
        const res = await t.request('POST', '/webhook_subscriptions', headers('X-Key', value));
        assert.equal(res.statusCode, 200, JSON.stringify(value) + res.body);
      }
    });

    it('updates partially (delivery_method ignored), enables, pings with 202, deletes with 204', async () => {
      const s = (await t.request('POST', '/webhook_subscriptions', body())).json().webhook_subscription;
      const put = await t.request('PUT', `/webhook_subscriptions/${s.id}`, { webhook_subscription: { events: ['incident.acknowledged'], active: false, delivery_method: { url: 'https://evil.example.com' } } });
      assert.equal(put.statusCode, 200, put.body);
      const u = put.json().webhook_subscription;
      assert.deepEqual(u.events, ['incident.acknowledged']);
      assert.equal(u.active, false);
      assert.equal(u.delivery_method.url, 'https://hooks.example.com/pd');
      assert.equal(u.description, s.description);
      const en = await t.request('POST', `/webhook_subscriptions/${s.id}/enable`);
      assert.equal(en.statusCode, 200);
      assert.equal(en.json().webhook_subscription.delivery_method.temporarily_disabled, false);
      const ping = await t.request('POST', `/webhook_subscriptions/${s.id}/ping`);
      assert.equal(ping.statusCode, 202);
      assert.equal((await t.request('DELETE', `/webhook_subscriptions/${s.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `/webhook_subscriptions/${s.id}`)).statusCode, 404);
      assert.equal((await t.request('POST', `/webhook_subscriptions/${s.id}/ping`)).statusCode, 404);
    });

    it('lets only owner and admin manage subscriptions', async () => {
      const user = await t.makeUser('user');
      assert.equal((await t.request('POST', '/webhook_subscriptions', body(), { token: user.token })).statusCode, 403);
      assert.equal((await t.request('GET', '/webhook_subscriptions', undefined, { token: user.token })).statusCode, 200);
    });
  });
});
