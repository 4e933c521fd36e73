import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, it } from 'node:test';
import { forEachDialect } from '../../src/testing/dialects.js';
import { OWNER_EMAIL } from '../../src/testing/app.js';
import { buildTeam } from '../../src/testing/builders.js';
import { listOutbox } from '../../src/notify/outbox-store.js';
import { notifyWorld, openIncident, serviceFor, setStatus, subscribe, userWithRules } from './setup.js';
import type { Received } from './fakes.js';

/** How a PagerDuty v3 receiver verifies a delivery: any `v1=` signature equal to HMAC-SHA256(secret, raw body). */
function pagerDutyReceiverAccepts(secret: string, rawBody: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest('hex');
  return header.split(',').some((sig) => {
    const [version, hex] = sig.trim().split('=');
    return version === 'v1' && hex.length === expected.length && timingSafeEqual(Buffer.from(hex), Buffer.from(expected));
  });
}

const types = (list: Received[]) => list.map((r) => r.body.event.event_type);

forEachDialect((dialect) => {
  describe(`${dialect}: v3 webhook deliveries`, async () => {
    const w = await notifyWorld(dialect);
    const alice = await userWithRules(w, 'Alice', []);
    const bob = await userWithRules(w, 'Bob', []);

    it('delivers every event type with PagerDuty v3 payloads and signatures a PagerDuty receiver accepts', async () => {
      w.recv.received.length = 0;
      const sub = await subscribe(w, [
        'incident.triggered',
        'incident.acknowledged',
        'incident.unacknowledged',
        'incident.reassigned',
        'incident.escalated',
        'incident.annotated',
        'incident.resolved',
        'incident.reopened',
        'service.created',
        'service.updated',
        'service.deleted',
      ]);
      const svc = await serviceFor(w, [[alice.id], [bob.id]]);
      const inc = await openIncident(w, svc.id, 'Disk full on db-1');
      await setStatus(w, inc.id, 'acknowledged');
      const note = await w.request('POST', `/incidents/${inc.id}/notes`, { note: { content: 'Looking into it' } }, { headers: { from: OWNER_EMAIL } });
      assert.equal(note.statusCode, 200, note.body);
      const retrigger = await w.request('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', status: 'triggered' } }, { headers: { from: OWNER_EMAIL } });
      assert.equal(retrigger.statusCode, 200, retrigger.body);
      const re = await w.request('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', assignments: [{ assignee: { id: bob.id, type: 'user_reference' } }] } }, { headers: { from: OWNER_EMAIL } });
      assert.equal(re.statusCode, 200, re.body);
      const esc = await w.request('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', escalation_level: 2 } }, { headers: { from: OWNER_EMAIL } });
      assert.equal(esc.statusCode, 200, esc.body);
      await setStatus(w, inc.id, 'resolved');
      const reopen = await w.request('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', status: 'triggered' } }, { headers: { from: OWNER_EMAIL } });
      assert.equal(reopen.statusCode, 200, reopen.body);
      await setStatus(w, inc.id, 'resolved');
      assert.equal((await w.request('PUT', `/services/${svc.id}`, { service: { description: 'now described' } })).statusCode, 200);
      assert.equal((await w.request('DELETE', `/services/${svc.id}`)).statusCode, 204);
      assert.equal(w.recv.received.length, 0, 'nothing is sent on the request path');
      await w.n.worker.drain();

      const got = types(w.recv.received);
      assert.deepEqual(got.filter((x) => x.startsWith('service.')), ['service.created', 'service.updated', 'service.deleted']);
      // One incident: its webhooks arrive in the order the changes happened.
      assert.deepEqual(
        got.filter((x) => x.startsWith('incident.')),
        [
          'incident.triggered',
          'incident.acknowledged',
          'incident.annotated',
          'incident.unacknowledged',
          'incident.reassigned',
          'incident.escalated',
          'incident.resolved',
          'incident.reopened',
          'incident.resolved',
        ],
      );
      const ids = new Set<string>();
      for (const r of w.recv.received) {
        assert.ok(pagerDutyReceiverAccepts(sub.secret, r.raw, r.headers['x-pagerduty-signature']), 'signature verifies');
        assert.ok(!pagerDutyReceiverAccepts('wrong-secret', r.raw, r.headers['x-pagerduty-signature']));
        assert.equal(r.headers['content-type'], 'application/json');
        assert.equal(r.headers['x-team'], 'ops', 'custom headers are sent unredacted');
        assert.match(String(r.headers['x-webhook-id']), /^[0-9a-f-]{36}$/);
        ids.add(String(r.headers['x-webhook-id']));
        assert.deepEqual(Object.keys(r.body.event).sort(), ['agent', 'client', 'data', 'event_type', 'id', 'occurred_at', 'resource_type']);
      }
      assert.equal(ids.size, w.recv.received.length, 'no duplicate deliveries');
      const trig = w.recv.received.find((r) => r.body.event.event_type === 'incident.triggered')!;
      assert.equal(trig.body.event.resource_type, 'incident');
      const d = trig.body.event.data as Record<string, any>;
      assert.equal(d.id, inc.id);
      assert.equal(d.type, 'incident');
      assert.equal(d.number, inc.number);
      assert.equal(d.status, 'triggered');
      assert.equal(d.title, 'Disk full on db-1');
      assert.equal(d.urgency, 'high');
      assert.equal(d.html_url, inc.html_url);
      assert.equal(d.service.id, svc.id);
      assert.equal(d.service.summary, svc.name);
      assert.deepEqual(d.assignees.map((a: { id: string }) => a.id), [alice.id]);
      assert.equal(d.assignees[0].summary, 'Alice');
      assert.equal(d.escalation_policy.id, svc.policyId);
      assert.equal((trig.body.event.agent as { type: string }).type, 'user_reference');
      // incident.annotated carries PagerDuty's incident_note, not the incident.
      const ann = w.recv.received.find((r) => r.body.event.event_type === 'incident.annotated')!;
      const { incident: annotatedIncident, ...annotation } = ann.body.event.data as Record<string, any>;
      assert.deepEqual(annotation, { id: JSON.parse(note.body).note.id, content: 'Looking into it', trimmed: false, type: 'incident_note' });
      assert.equal(annotatedIncident.id, inc.id);
      assert.equal(annotatedIncident.type, 'incident_reference');
      assert.equal(annotatedIncident.html_url, inc.html_url);
      const ack = w.recv.received.find((r) => r.body.event.event_type === 'incident.acknowledged')!;
      assert.equal((ack.body.event.data as { status: string }).status, 'acknowledged');
      const sc = w.recv.received.find((r) => r.body.event.event_type === 'service.created')!;
      assert.equal(sc.body.event.resource_type, 'service');
      assert.equal((sc.body.event.data as { id: string }).id, svc.id);
      assert.equal((await listOutbox(w.t.app.ctx.db)).length, 0, 'the outbox is empty after delivery');
      await w.request('DELETE', `/webhook_subscriptions/${sub.id}`);
    });

    it('filters by service and team, and only the subscribed event types', async () => {
      w.recv.received.length = 0;
      const a = await serviceFor(w, [[alice.id]]);
      const b = await serviceFor(w, [[alice.id]]);
      const sub = await subscribe(w, ['incident.triggered'], { type: 'service_reference', id: a.id }, '/only-a');
      const incA = await openIncident(w, a.id);
      await openIncident(w, b.id);
      await setStatus(w, incA.id, 'acknowledged');
      await w.n.worker.drain();
      assert.deepEqual(w.recv.received.map((r) => [r.path, r.body.event.event_type, (r.body.event.data as { id: string }).id]), [['/only-a', 'incident.triggered', incA.id]]);
      await w.request('DELETE', `/webhook_subscriptions/${sub.id}`);
      const team = await buildTeam(w.t);
      const c = await serviceFor(w, [[alice.id]], 30, { teams: [{ id: team.id, type: 'team_reference' }] });
      const teamSub = await subscribe(w, ['incident.triggered'], { type: 'team_reference', id: team.id }, '/team');
      w.recv.received.length = 0;
      const incC = await openIncident(w, c.id);
      await openIncident(w, a.id);
      await w.n.worker.drain();
      assert.deepEqual(w.recv.received.map((r) => [r.path, (r.body.event.data as { id: string }).id]), [['/team', incC.id]]);
      await w.request('DELETE', `/webhook_subscriptions/${teamSub.id}`);
    });

    it('pings with pagey.ping', async () => {
      w.recv.received.length = 0;
      const sub = await subscribe(w, ['incident.triggered'], { type: 'account_reference' }, '/ping');
      assert.equal((await w.request('POST', `/webhook_subscriptions/${sub.id}/ping`)).statusCode, 202);
      await w.n.worker.drain();
      assert.deepEqual(types(w.recv.received), ['pagey.ping']);
      assert.ok(pagerDutyReceiverAccepts(sub.secret, w.recv.received[0].raw, w.recv.received[0].headers['x-pagerduty-signature']));
      await w.request('DELETE', `/webhook_subscriptions/${sub.id}`);
    });

    it('retries after a 500 with the same body and X-Webhook-Id, keeping later events of the incident behind it', async () => {
      w.recv.received.length = 0;
      const svc = await serviceFor(w, [[alice.id]]);
      const sub = await subscribe(w, ['incident.triggered', 'incident.acknowledged', 'incident.resolved'], { type: 'service_reference', id: svc.id }, '/flaky');
      let calls = 0;
      w.recv.behave(() => (calls++ === 0 ? 500 : 200));
      const inc = await openIncident(w, svc.id);
      await setStatus(w, inc.id, 'acknowledged');
      await setStatus(w, inc.id, 'resolved');
      await w.n.worker.drain();
      assert.deepEqual(types(w.recv.received), ['incident.triggered'], 'later events wait behind the failed one');
      w.t.clock.advance('4s');
      await w.n.worker.drain();
      assert.equal(w.recv.received.length, 1, 'not before the backoff');
      w.t.clock.advance('1s');
      await w.n.worker.drain();
      assert.deepEqual(types(w.recv.received), ['incident.triggered', 'incident.triggered', 'incident.acknowledged', 'incident.resolved']);
      assert.equal(w.recv.received[0].headers['x-webhook-id'], w.recv.received[1].headers['x-webhook-id']);
      assert.equal(w.recv.received[0].raw, w.recv.received[1].raw);
      assert.equal(new Set(w.recv.received.slice(1).map((r) => r.headers['x-webhook-id'])).size, 3);
      w.recv.behave(() => 200);
      await w.request('DELETE', `/webhook_subscriptions/${sub.id}`);
    });

    it('drops other 4xx, disables the subscription after 3 dropped deliveries, shows it, and enable restores it', async () => {
      w.recv.received.length = 0;
      const svc = await serviceFor(w, [[alice.id]]);
      const sub = await subscribe(w, ['incident.triggered', 'incident.acknowledged'], { type: 'service_reference', id: svc.id }, '/gone');
      w.recv.behave(() => 410);
      const incs = [];
      for (let k = 0; k < 4; k++) incs.push(await openIncident(w, svc.id, `Gone ${k}`));
      for (let k = 0; k < 3; k++) await w.n.worker.runOnce(1);
      await w.n.worker.drain();
      assert.equal(w.recv.received.length, 3, 'never retried; the 4th is dropped with the queue');
      const s = (await w.request('GET', `/webhook_subscriptions/${sub.id}`)).json().webhook_subscription;
      assert.equal(s.delivery_method.temporarily_disabled, true);
      const logs = (await w.request('GET', `/incidents/${incs[0].id}/log_entries`)).json().log_entries as Array<{ type: string; summary: string }>;
      assert.ok(logs.some((l) => l.type === 'notify_log_entry' && /failed after 1 attempt: HTTP 410/.test(l.summary)), JSON.stringify(logs.map((l) => l.summary)));
      // Disabled: new events are not queued for it.
      await setStatus(w, incs[3].id, 'acknowledged');
      await w.n.worker.drain();
      assert.equal(w.recv.received.length, 3);
      w.recv.behave(() => 200);
      // PagerDuty disables for 24 hours; then it is back on by itself.
      w.t.clock.advance('23h');
      assert.equal((await w.request('GET', `/webhook_subscriptions/${sub.id}`)).json().webhook_subscription.delivery_method.temporarily_disabled, true);
      w.t.clock.advance('1h');
      assert.equal((await w.request('GET', `/webhook_subscriptions/${sub.id}`)).json().webhook_subscription.delivery_method.temporarily_disabled, false);
      const en = await w.request('POST', `/webhook_subscriptions/${sub.id}/enable`);
      assert.equal(en.json().webhook_subscription.delivery_method.temporarily_disabled, false);
      await setStatus(w, incs[2].id, 'acknowledged');
      await w.n.worker.drain();
      assert.deepEqual(types(w.recv.received.slice(3)), ['incident.acknowledged']);
      await w.request('DELETE', `/webhook_subscriptions/${sub.id}`);
    });

    it('gives up after the retry limit: dead row, counted, logged on the incident', async () => {
      w.recv.received.length = 0;
      const svc = await serviceFor(w, [[alice.id]]);
      const sub = await subscribe(w, ['incident.triggered'], { type: 'service_reference', id: svc.id }, '/down');
      w.recv.behave(() => 503);
      const before = w.n.worker.stats.givenUp;
      w.n.worker.opts.maxAttempts = 3;
      try {
        const inc = await openIncident(w, svc.id);
        for (let k = 0; k < 5; k++) {
          await w.n.worker.drain();
          w.t.clock.advance('1h');
        }
        assert.equal(w.recv.received.length, 3);
        assert.equal(w.n.worker.stats.givenUp, before + 1);
        const dead = await listOutbox(w.t.app.ctx.db, { status: 'dead' });
        assert.ok(dead.some((r) => r.incidentId === inc.id && r.attempt === 3 && r.lastError === 'HTTP 503'));
        const logs = (await w.request('GET', `/incidents/${inc.id}/log_entries`)).json().log_entries as Array<{ type: string; summary: string }>;
        assert.ok(logs.some((l) => l.type === 'notify_log_entry' && /failed after 3 attempts: HTTP 503/.test(l.summary)));
      } finally {
        w.n.worker.opts.maxAttempts = 14;
        w.recv.behave(() => 200);
      }
      await w.request('DELETE', `/webhook_subscriptions/${sub.id}`);
    });

    it('reads at most 64 KB of an answer: a 200 with a body that never ends is delivered, not timed out', async () => {
      w.recv.received.length = 0;
      const svc = await serviceFor(w, [[alice.id]]);
      const sub = await subscribe(w, ['incident.triggered'], { type: 'service_reference', id: svc.id }, '/flood');
      w.recv.behave((r) => (r.path === '/flood' ? 'flood' : 200));
      w.n.delivery.webhookTimeoutMs = 2000;
      const closed = w.recv.flood.closed;
      const rss = process.memoryUsage().rss;
      const started = Date.now();
      try {
        await openIncident(w, svc.id);
        await w.n.worker.drain();
        assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
        const rows = await listOutbox(w.t.app.ctx.db, {});
        assert.ok(!rows.some((r) => r.targetId === sub.id), 'delivered: no row left for the subscription');
        for (let waited = 0; w.recv.flood.closed === closed; waited += 20) {
          assert.ok(waited < 5000, 'the flooded connection is closed by the client');
          await new Promise((r) => setTimeout(r, 20));
        }
        // Socket buffers let the receiver write a few MB before it notices; never the whole stream.
        assert.ok(w.recv.flood.bytes < 32 * 1024 * 1024, `receiver wrote ${w.recv.flood.bytes} bytes`);
        assert.ok(process.memoryUsage().rss - rss < 64 * 1024 * 1024, 'memory stays bounded');
        const s = (await w.request('GET', `/webhook_subscriptions/${sub.id}`)).json().webhook_subscription;
        assert.equal(s.delivery_method.temporarily_disabled, false);
      } finally {
        w.n.delivery.webhookTimeoutMs = 5000;
        w.recv.behave(() => 200);
      }
      await w.request('DELETE', `/webhook_subscriptions/${sub.id}`);
    });

    it('a receiver that hangs is cut off at the timeout and does not hold up other deliveries', async () => {
      w.recv.received.length = 0;
      const svc = await serviceFor(w, [[alice.id]]);
      const slow = await subscribe(w, ['incident.triggered'], { type: 'service_reference', id: svc.id }, '/hang');
      const fast = await subscribe(w, ['incident.triggered'], { type: 'service_reference', id: svc.id }, '/fast');
      w.recv.behave((r) => (r.path === '/hang' ? 'hang' : 200));
      w.n.delivery.webhookTimeoutMs = 300;
      try {
        await openIncident(w, svc.id);
        w.n.worker.start();
        await w.recv.until((all) => all.some((r) => r.path === '/fast'), 'the fast delivery');
        await w.recv.until((all) => all.some((r) => r.path === '/hang'), 'the hanging delivery');
        // The fast receiver was served while the slow one still hung; the slow one is retried later.
        await w.n.worker.stop();
        const pending = await listOutbox(w.t.app.ctx.db, { status: 'pending' });
        const row = pending.find((r) => r.targetId === slow.id);
        assert.ok(row, 'the hung delivery stays queued');
        assert.equal(row.attempt, 1);
        assert.match(row.lastError ?? '', /timed out after 300 ms/);
        assert.ok(!pending.some((r) => r.targetId === fast.id));
      } finally {
        w.n.delivery.webhookTimeoutMs = 5000;
        w.recv.behave(() => 200);
      }
      await w.request('DELETE', `/webhook_subscriptions/${slow.id}`);
      await w.request('DELETE', `/webhook_subscriptions/${fast.id}`);
    });
  });
});
