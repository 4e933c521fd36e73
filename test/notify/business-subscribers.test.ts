// Issue 14 over real SMTP, on both dialects: a status update on an incident reaches the subscribers of
// the business services the incident impacts (through the service dependencies), and stops reaching
// them once they unsubscribe or the incident no longer impacts the business service.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDefaultContact } from '../../src/notify/index.js';
import { OWNER_EMAIL } from '../../src/testing/app.js';
import { buildTeam } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { notifyWorld, openIncident, serviceFor, userWithRules } from './setup.js';

const from = { headers: { from: OWNER_EMAIL } };
const to = (m: { to?: unknown }) => JSON.stringify(m.to ?? '');

forEachDialect((dialect) => {
  describe(`${dialect}: status updates reach the subscribers of impacted business services`, async () => {
    const w = await notifyWorld(dialect);

    it('emails the business service’s user and team subscribers while the incident impacts it', async () => {
      const owner = await userWithRules(w, 'Olga', [0]);
      const svc = await serviceFor(w, [[owner.id]]);
      const shop = (await w.request('POST', '/business_services', { business_service: { name: 'Shop' } }, from)).json().business_service;
      const linked = await w.request('POST', '/service_dependencies/associate', { relationships: [{ supporting_service: { id: svc.id, type: 'service' }, dependent_service: { id: shop.id, type: 'business_service' } }] }, from);
      assert.equal(linked.statusCode, 200, linked.body);
      const sam = await w.t.makeUser('observer', 'Sam Stakeholder');
      const tess = await w.t.makeUser('user', 'Tess Team');
      // Made outside POST /users: they get PagerDuty's defaults (and the status update rule) here.
      for (const u of [sam, tess]) await addDefaultContact(w.t.app.ctx.db, w.t.app.ctx, { userId: u.id, email: u.email });
      const team = await buildTeam(w.t, { members: [{ userId: tess.id, role: 'responder' }] });
      const mine = await w.request('POST', `/users/${sam.id}/notification_subscriptions`, { subscribables: [{ subscribable_id: shop.id, subscribable_type: 'business_service' }] }, { token: sam.token });
      assert.deepEqual(mine.json().subscriptions.map((s: { result: string }) => s.result), ['success'], mine.body);
      assert.equal((await w.request('POST', `/business_services/${shop.id}/subscribers`, { subscribers: [{ subscriber_id: team.id, subscriber_type: 'team' }] }, from)).statusCode, 200);

      const inc = await openIncident(w, svc.id, 'Checkout errors');
      const p1 = (await w.request('GET', '/priorities', undefined, from)).json().priorities[0];
      // Only mails to the stakeholders count: Olga's own incident notifications arrive whenever the worker sends them.
      const stakeholderMails = (since: number) => w.smtp.mails.slice(since).filter((m) => to(m).includes(sam.email) || to(m).includes(tess.email));
      const update = async (message: string) => {
        await w.n.worker.drain();
        const before = w.smtp.mails.length;
        w.t.clock.advance('1m');
        assert.equal((await w.request('POST', `/incidents/${inc.id}/status_updates`, { message }, from)).statusCode, 200);
        await w.n.worker.drain();
        return before;
      };
      // Without a priority the incident does not impact the business service (PagerDuty's rule).
      const none = await update('Looking into it.');
      assert.deepEqual(stakeholderMails(none), [], 'no priority, no impact, nobody mailed');

      assert.equal((await w.request('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', priority: { id: p1.id, type: 'priority_reference' } } }, from)).statusCode, 200);
      const before = await update('Rolled back the deploy.');
      await w.smtp.until(() => stakeholderMails(before).length >= 2, 'two status update mails');
      const mails = stakeholderMails(before);
      assert.equal(mails.length, 2);
      assert.ok(mails.some((m) => to(m).includes(sam.email)) && mails.some((m) => to(m).includes(tess.email)));

      const un = await w.request('POST', `/business_services/${shop.id}/unsubscribe`, { subscribers: [{ subscriber_id: team.id, subscriber_type: 'team' }] }, from);
      assert.deepEqual(un.json(), { deleted_count: 1, unauthorized_count: 0, non_existent_count: 0 });
      const next = await update('Monitoring.');
      await w.smtp.until(() => stakeholderMails(next).length >= 1, 'the second update');
      assert.deepEqual(stakeholderMails(next).map((m) => to(m).includes(sam.email)), [true]);

      assert.equal((await w.request('PUT', `/incidents/${inc.id}/business_services/${shop.id}/impacts`, { relation: 'not_impacted' }, from)).statusCode, 200);
      const last = await update('Resolved soon.');
      assert.deepEqual(stakeholderMails(last), [], 'not impacting any more: nobody mailed');
    });
  });
});
