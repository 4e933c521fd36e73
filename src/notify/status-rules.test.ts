// Status update notification rules decide where a user gets incident status updates.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePolicy, makeService } from '../incidents/test-fixtures.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';
import { listOutbox } from './outbox-store.js';

forEachDialect((dialect) => {
  describe(`${dialect}: /users/{id}/status_update_notification_rules`, async () => {
    const t = await buildTestApp(dialect);
    const ctx = t.app.ctx;
    const serviceId = await makeService(ctx, await makePolicy(ctx, [[t.ownerId]]));
    const from = { headers: { from: OWNER_EMAIL } };
    const path = (u: string) => `/users/${u}/status_update_notification_rules`;
    /** Publishes a status update on a new incident the user follows; the addresses it is emailed to. */
    const addressesFor = async (userId: string) => {
      const inc = (await t.request('POST', '/incidents', { incident: { type: 'incident', title: `Outage ${Math.random()}`, service: { id: serviceId, type: 'service_reference' } } }, from)).json().incident;
      await t.request('POST', `/incidents/${inc.id}/status_updates/subscribers`, { subscribers: [{ subscriber_id: userId, subscriber_type: 'user' }] });
      assert.equal((await t.request('POST', `/incidents/${inc.id}/status_updates`, { message: 'Mitigated.' }, from)).statusCode, 200);
      const rows = (await listOutbox(ctx.db, { kind: 'email' })).filter((r) => r.incidentId === inc.id).map((r) => r.payload as { statusUpdate?: boolean; userId: string; address: string });
      return rows.filter((p) => p.statusUpdate && p.userId === userId).map((p) => p.address).sort();
    };

    it('a new user has one rule to their login email; the rules decide where updates go', async () => {
      const ada = await buildUser(t, { email: 'ada@example.com' });
      const list = (await t.request('GET', path(ada.id))).json().status_update_notification_rules;
      assert.equal(list.length, 1);
      assert.equal(list[0].type, 'status_update_notification_rule');
      assert.equal(list[0].contact_method.type, 'email_contact_method_reference');
      assert.deepEqual(await addressesFor(ada.id), ['ada@example.com']);

      const cm = await t.request('POST', `/users/${ada.id}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'Home', address: 'ada@home.example' } });
      assert.equal(cm.statusCode, 201, cm.body);
      const added = await t.request('POST', path(ada.id), { status_update_notification_rule: { contact_method: { id: cm.json().contact_method.id, type: 'email_contact_method_reference' } } }, { token: ada.token });
      assert.equal(added.statusCode, 201, added.body);
      assert.deepEqual(await addressesFor(ada.id), ['ada@example.com', 'ada@home.example']);
      const dup = await t.request('POST', path(ada.id), { status_update_notification_rule: { contact_method: { id: cm.json().contact_method.id } } });
      assert.equal(dup.statusCode, 400);

      // Without rules, no status update reaches the user.
      for (const r of (await t.request('GET', path(ada.id))).json().status_update_notification_rules) {
        assert.equal((await t.request('DELETE', `${path(ada.id)}/${r.id}`)).statusCode, 204);
      }
      assert.deepEqual(await addressesFor(ada.id), []);
    });

    it('shows, moves and refuses: other users’ or non-email contact methods, strangers, unknown ids', async () => {
      const bob = await buildUser(t);
      const eve = await buildUser(t);
      const [rule] = (await t.request('GET', path(bob.id))).json().status_update_notification_rules;
      const shown = await t.request('GET', `${path(bob.id)}/${rule.id}?include[]=contact_methods`);
      assert.equal(shown.json().status_update_notification_rule.contact_method.address, bob.email);
      const sms = await t.request('POST', `/users/${bob.id}/contact_methods`, { contact_method: { type: 'sms_contact_method', label: 'Mobile', country_code: 1, address: '4155550100' } });
      assert.equal(sms.statusCode, 201, sms.body);
      assert.equal((await t.request('POST', path(bob.id), { status_update_notification_rule: { contact_method: { id: sms.json().contact_method.id } } })).statusCode, 400);
      const eveCm = (await t.request('GET', `/users/${eve.id}/contact_methods`)).json().contact_methods[0].id;
      assert.equal((await t.request('POST', path(bob.id), { status_update_notification_rule: { contact_method: { id: eveCm } } })).statusCode, 400);
      assert.equal((await t.request('DELETE', `${path(bob.id)}/${rule.id}`, undefined, { token: eve.token })).statusCode, 403);
      const work = await t.request('POST', `/users/${bob.id}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'Work', address: 'bob@work.example' } });
      const moved = await t.request('PUT', `${path(bob.id)}/${rule.id}`, { status_update_notification_rule: { contact_method: { id: work.json().contact_method.id } } });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.deepEqual(await addressesFor(bob.id), ['bob@work.example']);
      // Deleting the contact method deletes its rule.
      assert.equal((await t.request('DELETE', `/users/${bob.id}/contact_methods/${work.json().contact_method.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `${path(bob.id)}/${rule.id}`)).statusCode, 404);
      assert.equal((await t.request('GET', path('PNOPE00'))).statusCode, 404);
    });
  });
});
