import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePolicy, makeService } from '../incidents/test-fixtures.js';
import { addDefaultContact } from '../notify/index.js';
import { listOutbox } from '../notify/outbox-store.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';
import { isResponderPending } from './index.js';

type Responder = { state: string; user: { id: string; summary: string }; escalation_policy_requests: string[]; message: string; requester: { id: string } };

forEachDialect((dialect) => {
  describe(`${dialect}: responder requests`, async () => {
    const t = await buildTestApp(dialect);
    const ctx = t.app.ctx;
    const ann = await t.makeUser('user', 'Ann Expert');
    const bob = await t.makeUser('user', 'Bob Oncall');
    const observer = await t.makeUser('observer');
    for (const u of [ann, bob]) await addDefaultContact(ctx.db, ctx, { userId: u.id, email: u.email });
    const onCallPolicy = await makePolicy(ctx, [[bob.id]]);
    const servicePolicy = await makePolicy(ctx, [[t.ownerId]]);
    const serviceId = await makeService(ctx, servicePolicy);
    const from = { headers: { from: OWNER_EMAIL } };
    const open = async () => {
      const res = await t.request('POST', '/incidents', { incident: { type: 'incident', title: 'Payments failing', service: { id: serviceId, type: 'service_reference' } } }, from);
      assert.equal(res.statusCode, 201, res.body);
      return res.json().incident.id as string;
    };
    const ask = (incidentId: string, targets: Array<{ id: string; type: string }>, opts: { token?: string } = {}) =>
      t.request(
        'POST',
        `/incidents/${incidentId}/responder_requests`,
        { requester_id: t.ownerId, message: 'Join the bridge please', responder_request_targets: targets.map((x) => ({ responder_request_target: x })) },
        opts,
      );
    const pages = async (incidentId: string) =>
      (await listOutbox(ctx.db, { kind: 'email' }))
        .filter((r) => r.incidentId === incidentId && (r.payload as { eventType: string }).eventType === 'incident.responder.added')
        .map((r) => (r.payload as { userId: string }).userId)
        .sort();

    it('asks a user and an escalation policy (who is on call), pages them even on an acknowledged incident, and shows them pending', async () => {
      const id = await open();
      const ack = await t.request('PUT', `/incidents/${id}`, { incident: { type: 'incident', status: 'acknowledged' } }, from);
      assert.equal(ack.json().incident.status, 'acknowledged');
      const res = await ask(id, [
        { id: ann.id, type: 'user_reference' },
        { id: onCallPolicy, type: 'escalation_policy_reference' },
      ]);
      assert.equal(res.statusCode, 200, res.body);
      const rr = res.json().responder_request;
      assert.equal(rr.requester.id, t.ownerId);
      assert.equal(rr.message, 'Join the bridge please');
      assert.equal(rr.incident.id, id);
      const [toAnn, toPolicy] = rr.responder_request_targets.map((x: { responder_request_target: unknown }) => x.responder_request_target);
      assert.equal(toAnn.type, 'user');
      assert.deepEqual(toAnn.incidents_responders.map((r: Responder) => [r.user.id, r.state]), [[ann.id, 'pending']]);
      assert.equal(toPolicy.type, 'escalation_policy');
      assert.deepEqual(toPolicy.incidents_responders.map((r: Responder) => [r.user.id, r.state, r.escalation_policy_requests.length]), [[bob.id, 'pending', 1]]);

      assert.deepEqual(await pages(id), [ann.id, bob.id].sort());
      const inc = (await t.request('GET', `/incidents/${id}`)).json().incident;
      assert.deepEqual(inc.incidents_responders.map((r: Responder) => [r.user.summary, r.state, r.message, r.requester.id]).sort(), [
        ['Ann Expert', 'pending', 'Join the bridge please', t.ownerId],
        ['Bob Oncall', 'pending', 'Join the bridge please', t.ownerId],
      ]);
      assert.equal(inc.responder_requests.length, 1);
      const log = (await t.request('GET', `/incidents/${id}/log_entries`)).json().log_entries;
      assert.ok(log.some((e: { summary: string; note: string }) => /Requested responders: Ann Expert; .*\(Bob Oncall\)/.test(e.summary) && e.note === 'Join the bridge please'));
    });

    it('lets the invited users accept or decline once; pages stop for those who replied', async () => {
      const id = await open();
      assert.equal((await ask(id, [{ id: ann.id, type: 'user_reference' }, { id: bob.id, type: 'user_reference' }])).statusCode, 200);
      assert.equal(await isResponderPending(ctx.db, id, ann.id), true);
      const joined = await t.request('POST', `/incidents/${id}/responder_requests/accept`, undefined, { token: ann.token });
      assert.equal(joined.statusCode, 200, joined.body);
      assert.equal(joined.json().incident_responder.state, 'joined');
      assert.equal(await isResponderPending(ctx.db, id, ann.id), false);
      const again = await t.request('POST', `/incidents/${id}/responder_requests/decline`, undefined, { token: ann.token });
      assert.equal(again.statusCode, 400);
      const declined = await t.request('POST', `/incidents/${id}/responder_requests/decline`, undefined, { token: bob.token });
      assert.equal(declined.json().incident_responder.state, 'declined');
      const stranger = await t.request('POST', `/incidents/${id}/responder_requests/accept`, undefined, { token: observer.token });
      assert.equal(stranger.statusCode, 404);
      const inc = (await t.request('GET', `/incidents/${id}`)).json().incident;
      assert.deepEqual(inc.incidents_responders.map((r: Responder) => [r.user.id, r.state]).sort(), [[ann.id, 'joined'], [bob.id, 'declined']].sort());
      assert.deepEqual(inc.responder_requests, []);
      const log = (await t.request('GET', `/incidents/${id}/log_entries`)).json().log_entries.map((e: { summary: string }) => e.summary);
      assert.ok(log.includes('Ann Expert joined the incident as a responder'));
      assert.ok(log.includes('Bob Oncall declined the responder request'));
      // Asking a joined responder again leaves them joined and pages nobody new.
      const before = (await pages(id)).length;
      await ask(id, [{ id: ann.id, type: 'user_reference' }]);
      assert.equal((await pages(id)).length, before);
      assert.equal((await t.request('GET', `/incidents/${id}`)).json().incident.incidents_responders.find((r: Responder) => r.user.id === ann.id).state, 'joined');
    });

    it('cancels pending requests by target', async () => {
      const id = await open();
      await ask(id, [{ id: ann.id, type: 'user_reference' }, { id: onCallPolicy, type: 'escalation_policy_reference' }]);
      await t.request('POST', `/incidents/${id}/responder_requests/accept`, undefined, { token: bob.token });
      const res = await t.request('PUT', `/incidents/${id}/responder_requests/cancel`, {
        requester_id: t.ownerId,
        responder_request_targets: [
          { id: ann.id, type: 'user_reference' },
          { id: onCallPolicy, type: 'escalation_policy_reference' },
          { id: observer.id, type: 'user_reference' },
        ],
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().responder_request_targets.map((x: { result: string }) => x.result), ['cancelled', 'joined', 'not_found']);
      assert.equal(await isResponderPending(ctx.db, id, ann.id), false);
    });

    it('refuses unknown targets (400), read-only users (403) and an empty target list (400)', async () => {
      const id = await open();
      const unknown = await ask(id, [{ id: 'PNOPE00', type: 'user_reference' }]);
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.json().error.errors[0], /User not found/);
      assert.equal((await ask(id, [{ id: 'PNOPE00', type: 'escalation_policy_reference' }])).statusCode, 400);
      assert.equal((await ask(id, [{ id: ann.id, type: 'user_reference' }], { token: observer.token })).statusCode, 403);
      assert.equal((await ask(id, [])).statusCode, 400);
      assert.equal((await ask('PNOPE00', [{ id: ann.id, type: 'user_reference' }])).statusCode, 404);
    });
  });
});
