// Issue 13's notifications over real SMTP, on both dialects: status updates emailed to subscribed users
// and team members (with the HTML alternative), responders paged until they reply whatever the
// incident's status, and the conference bridge in assignment emails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDefaultContact } from '../../src/notify/index.js';
import { OWNER_EMAIL } from '../../src/testing/app.js';
import { buildTeam } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { notifyWorld, openIncident, serviceFor, setStatus, userWithRules } from './setup.js';

const from = { headers: { from: OWNER_EMAIL } };
const to = (m: { to?: unknown }) => JSON.stringify(m.to ?? '');

forEachDialect((dialect) => {
  describe(`${dialect}: status updates, responders and bridges reach people by email`, async () => {
    const w = await notifyWorld(dialect);

    it('emails a status update to subscribed users and team members, once each, with its HTML; unsubscribing stops it', async () => {
      const owner = await userWithRules(w, 'Olga', [0]);
      const svc = await serviceFor(w, [[owner.id]]);
      const inc = await openIncident(w, svc.id, 'Checkout errors');
      const sam = await w.t.makeUser('observer', 'Sam Stakeholder');
      const tess = await w.t.makeUser('user', 'Tess Team');
      // Made outside POST /users: they get PagerDuty's defaults (and the status update rule) here.
      for (const u of [sam, tess]) await addDefaultContact(w.t.app.ctx.db, w.t.app.ctx, { userId: u.id, email: u.email });
      const team = await buildTeam(w.t, { members: [{ userId: tess.id, role: 'responder' }, { userId: sam.id, role: 'observer' }] });
      const sub = await w.request('POST', `/incidents/${inc.id}/status_updates/subscribers`, {
        subscribers: [
          { subscriber_id: sam.id, subscriber_type: 'user' },
          { subscriber_id: team.id, subscriber_type: 'team' },
          { subscriber_id: 'PNOPE00', subscriber_type: 'user' },
        ],
      });
      assert.equal(sub.statusCode, 200, sub.body);
      assert.deepEqual(sub.json().subscriptions.map((s: { result: string }) => s.result), ['success', 'success', 'not_found']);
      const again = await w.request('POST', `/incidents/${inc.id}/status_updates/subscribers`, { subscribers: [{ subscriber_id: sam.id, subscriber_type: 'user' }] }, { token: sam.token });
      assert.equal(again.json().subscriptions[0].result, 'duplicate');
      const listed = (await w.request('GET', `/incidents/${inc.id}/status_updates/subscribers`)).json();
      assert.deepEqual(listed.subscribers.map((s: { subscriber_id: string; subscriber_type: string }) => [s.subscriber_type, s.subscriber_id]).sort(), [['team', team.id], ['user', sam.id]]);
      assert.equal(listed.total, 2);
      // An observer may subscribe only themselves.
      const denied = await w.request('POST', `/incidents/${inc.id}/status_updates/subscribers`, { subscribers: [{ subscriber_id: tess.id, subscriber_type: 'user' }] }, { token: sam.token });
      assert.equal(denied.statusCode, 403);

      await w.n.worker.drain();
      const before = w.smtp.mails.length;
      const res = await w.request('POST', `/incidents/${inc.id}/status_updates`, { message: 'Rolled back the deploy; errors falling.', subject: 'Checkout: mitigated', html_message: '<p>Rolled <b>back</b></p>' }, from);
      assert.equal(res.statusCode, 200, res.body);
      const su = res.json().status_update;
      assert.equal(su.message, 'Rolled back the deploy; errors falling.');
      assert.equal(su.sender.id, w.t.ownerId);
      assert.equal(su.subject, 'Checkout: mitigated');
      await w.n.worker.drain();
      await w.smtp.until((all) => all.length >= before + 2, 'two status update mails');
      const mails = w.smtp.mails.slice(before);
      assert.equal(mails.length, 2);
      assert.ok(mails.some((m) => to(m).includes(sam.email)) && mails.some((m) => to(m).includes(tess.email)));
      for (const m of mails) {
        assert.equal(m.subject, 'Checkout: mitigated');
        assert.match(m.text ?? '', /Rolled back the deploy; errors falling\./);
        assert.match(String(m.html), /Rolled <b>back<\/b>/);
      }

      // Sam is also in the team: unsubscribing him alone still leaves him the team's copy.
      const un = await w.request('POST', `/incidents/${inc.id}/status_updates/unsubscribe`, { subscribers: [{ subscriber_id: sam.id, subscriber_type: 'user' }, { subscriber_id: tess.id, subscriber_type: 'user' }] });
      assert.deepEqual(un.json(), { deleted_count: 1, unauthorized_count: 0, non_existent_count: 1 });
      w.t.clock.advance('1m');
      assert.equal((await w.request('POST', `/incidents/${inc.id}/status_updates`, { message: 'Monitoring.' }, from)).statusCode, 200);
      await w.n.worker.drain();
      await w.smtp.until((all) => all.length >= before + 4, 'the second update');
      const second = w.smtp.mails.slice(before + 2);
      assert.equal(second.length, 2);
      assert.match(second[0].subject ?? '', /Status update: #\d+ Checkout errors/);
      assert.equal(second[0].html, false);
      await w.request('POST', `/incidents/${inc.id}/status_updates/unsubscribe`, { subscribers: [{ subscriber_id: team.id, subscriber_type: 'team' }] });
      w.t.clock.advance('1m');
      assert.equal((await w.request('POST', `/incidents/${inc.id}/status_updates`, { message: 'Resolved.' }, from)).statusCode, 200);
      await w.n.worker.drain();
      assert.equal(w.smtp.mails.length, before + 4, 'nobody is subscribed any more');

      const timeline = (await w.request('GET', `/incidents/${inc.id}/status_updates`)).json().status_updates;
      assert.deepEqual(timeline.map((u: { message: string }) => u.message), ['Resolved.', 'Monitoring.', 'Rolled back the deploy; errors falling.']);
      assert.equal((await w.request('POST', `/incidents/${inc.id}/status_updates`, { message: ' ' }, from)).statusCode, 400);
      assert.equal((await w.request('POST', `/incidents/${inc.id}/status_updates`, { message: 'x', html_message: '<p>x</p>' }, from)).statusCode, 400);
    });

    it('pages a responder through their rules on an acknowledged incident, and stops once they accept', async () => {
      const olga = await userWithRules(w, 'Olga Two', [0]);
      const rita = await userWithRules(w, 'Rita Responder', [0, 5]);
      const svc = await serviceFor(w, [[olga.id]]);
      const inc = await openIncident(w, svc.id, 'Queue stuck');
      await setStatus(w, inc.id, 'acknowledged');
      await w.n.worker.drain();
      const before = w.smtp.mails.length;
      const res = await w.request('POST', `/incidents/${inc.id}/responder_requests`, {
        requester_id: w.t.ownerId,
        message: 'Need queue expertise',
        responder_request_targets: [{ responder_request_target: { id: rita.id, type: 'user_reference' } }],
      });
      assert.equal(res.statusCode, 200, res.body);
      await w.n.worker.drain();
      await w.smtp.until((all) => all.length >= before + 1, 'the responder page');
      const page = w.smtp.mails.slice(before);
      assert.equal(page.length, 1);
      assert.ok(to(page[0]).includes(rita.address));
      assert.match(page[0].subject ?? '', /You are asked to respond: #\d+ Queue stuck/);
      assert.doesNotMatch(page[0].text ?? '', /Acknowledge:/);
      assert.match(page[0].text ?? '', /“Need queue expertise”/);
      const accepted = await w.request('POST', `/incidents/${inc.id}/responder_requests/accept`, undefined, { token: rita.token });
      assert.equal(accepted.statusCode, 200, accepted.body);
      w.t.clock.advance('6m');
      await w.n.worker.drain();
      assert.equal(w.smtp.mails.length, before + 1, 'the 5-minute rule is skipped after the reply');
    });

    it('puts the conference bridge in assignment emails', async () => {
      const alma = await userWithRules(w, 'Alma Bridge', [0]);
      const svc = await serviceFor(w, [[alma.id]]);
      const before = w.smtp.mails.length;
      const res = await w.request(
        'POST',
        '/incidents',
        { incident: { type: 'incident', title: 'API down', service: { id: svc.id, type: 'service_reference' }, conference_bridge: { conference_number: '+1 555 0100', conference_url: 'https://meet.example/abc' } } },
        from,
      );
      assert.equal(res.statusCode, 201, res.body);
      await w.n.worker.drain();
      await w.smtp.until((all) => all.length >= before + 1, 'the assignment email');
      const mail = w.smtp.mails.slice(before).find((m) => to(m).includes(alma.address));
      assert.ok(mail);
      assert.match(mail.text ?? '', /Bridge: {3}\+1 555 0100 · https:\/\/meet\.example\/abc/);
    });
  });
});
