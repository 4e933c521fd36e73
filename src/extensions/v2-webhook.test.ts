import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildEscalationPolicy, buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';

interface Got {
  headers: http.IncomingHttpHeaders;
  body: { messages: Array<Record<string, any>> };
}

/** A local HTTP receiver (a tool listening for PagerDuty's v2 webhooks); answers `status()` to each POST. */
async function receiver() {
  const got: Got[] = [];
  let status = () => 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  after(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pd`, got, answer: (f: () => number) => (status = f) };
}

forEachDialect((dialect) => {
  describe(`${dialect}: Generic V2 Webhook extension`, async () => {
    const recv = await receiver();
    const t = await buildTestApp(dialect, { TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true' });
    const notifier = t.app.notifier;
    const bob = await buildUser(t, { name: 'Bob', email: 'bob@example.com' });
    const ep = await buildEscalationPolicy(t, { targets: [bob.id] });
    const svc = (await t.request('POST', '/services', { service: { type: 'service', name: 'Billing', escalation_policy: { id: ep.id, type: 'escalation_policy_reference' } } }, { headers: { from: OWNER_EMAIL } })).json().service;
    const created = await t.request('POST', '/extensions', { extension: { name: 'Old tool', endpoint_url: recv.url, extension_schema: { id: 'PWHV2GN' }, extension_objects: [{ id: svc.id }], config: { team: 'billing' } } });
    assert.equal(created.statusCode, 201, created.body);
    const extId = created.json().extension.id;

    async function newIncident(title: string) {
      const res = await t.request('POST', '/incidents', { incident: { type: 'incident', title, service: { id: svc.id, type: 'service_reference' } } }, { headers: { from: OWNER_EMAIL } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().incident as { id: string; incident_number: number };
    }

    it("posts PagerDuty's legacy v2 body for trigger, acknowledge, note and resolve, in order", async () => {
      const inc = await newIncident('Invoices stuck');
      await notifier.worker.drain();
      assert.equal(recv.got.length, 1);
      const first = recv.got[0]!;
      assert.equal(first.headers['content-type'], 'application/json');
      assert.equal(first.headers['user-agent'], 'PagerDuty-Webhook/V2.0');
      assert.deepEqual(Object.keys(first.body), ['messages']);
      assert.equal(first.body.messages.length, 1);
      const m = first.body.messages[0]!;
      assert.equal(m.event, 'incident.trigger');
      assert.match(m.id, /^[0-9a-f-]{36}$/);
      assert.equal(first.headers['x-webhook-id'], m.id);
      assert.equal(m.created_on, new Date(t.clock.now()).toISOString());
      assert.equal(m.incident.id, inc.id);
      assert.equal(m.incident.type, 'incident');
      assert.equal(m.incident.incident_number, inc.incident_number);
      assert.equal(m.incident.title, 'Invoices stuck');
      assert.equal(m.incident.status, 'triggered');
      assert.equal(m.incident.html_url, `http://tocsin.test/ui/incidents/${inc.id}`);
      assert.deepEqual([m.incident.service.id, m.incident.service.summary], [svc.id, 'Billing']);
      assert.deepEqual(m.incident.assignments.map((a: any) => a.assignee.id), [bob.id]);
      assert.equal(m.incident.urgency, 'high');
      assert.equal(m.log_entries.length, 1);
      // The trigger's own entry, not a notification record written after it.
      assert.equal(m.log_entries[0].type, 'trigger_log_entry');
      assert.equal(m.log_entries[0].incident.id, inc.id);
      assert.equal(m.webhook.id, extId);
      assert.equal(m.webhook.endpoint_url, recv.url);
      assert.deepEqual(m.webhook.config, { team: 'billing' });

      assert.equal((await t.request('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', status: 'acknowledged' } }, { token: bob.token })).statusCode, 200);
      assert.equal((await t.request('POST', `/incidents/${inc.id}/notes`, { note: { content: 'Looking' } }, { token: bob.token })).statusCode, 200);
      assert.equal((await t.request('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', status: 'resolved' } }, { token: bob.token })).statusCode, 200);
      await notifier.worker.drain();
      const events = recv.got.slice(1).map((g) => g.body.messages[0]!);
      assert.deepEqual(events.map((e) => e.event), ['incident.acknowledge', 'incident.annotate', 'incident.resolve']);
      assert.deepEqual(events.map((e) => e.incident.status), ['acknowledged', 'acknowledged', 'resolved']);
      assert.deepEqual(events.map((e) => e.log_entries[0].type), ['acknowledge_log_entry', 'annotate_log_entry', 'resolve_log_entry']);
      assert.equal(events[2]!.log_entries[0].type, 'resolve_log_entry');
    });

    it('retries a 500, drops a 404 without retrying, and disables the extension after three drops in a row', async () => {
      let n = 0;
      recv.answer(() => (n++ === 0 ? 500 : 200));
      const before = recv.got.length;
      await newIncident('Flaky receiver');
      await notifier.worker.drain();
      t.clock.advance('10s');
      await notifier.worker.drain();
      assert.equal(recv.got.length - before, 2, 'sent again after a 500');
      assert.equal(recv.got.at(-1)!.headers['x-webhook-id'], recv.got.at(-2)!.headers['x-webhook-id'], 'the same message id on a retry');

      recv.answer(() => 404);
      for (let i = 0; i < 3; i++) await newIncident(`Gone ${i}`);
      await notifier.worker.drain();
      const x = (await t.request('GET', `/extensions/${extId}`)).json().extension;
      assert.equal(x.temporarily_disabled, true);
      const sent = recv.got.length;
      await newIncident('Not sent while disabled');
      await notifier.worker.drain();
      assert.equal(recv.got.length, sent);

      recv.answer(() => 200);
      const en = await t.request('POST', `/extensions/${extId}/enable`);
      assert.equal(en.json().extension.temporarily_disabled, false);
      await newIncident('Sent again');
      await notifier.worker.drain();
      assert.equal(recv.got.length, sent + 1);
      assert.equal(recv.got.at(-1)!.body.messages[0]!.incident.title, 'Sent again');
    });
  });

  describe(`${dialect}: Generic V2 Webhook and the private-address guard`, async () => {
    const t = await buildTestApp(dialect);
    it('refuses a loopback endpoint when private addresses are not allowed', async () => {
      const ep = await buildEscalationPolicy(t);
      const svc = (await t.request('POST', '/services', { service: { type: 'service', name: 'Guarded', escalation_policy: { id: ep.id, type: 'escalation_policy_reference' } } }, { headers: { from: OWNER_EMAIL } })).json().service;
      const res = await t.request('POST', '/extensions', { extension: { name: 'x', endpoint_url: 'http://localhost:9/pd', extension_schema: { id: 'PWHV2GN' }, extension_objects: [{ id: svc.id }] } });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.errors[0], /endpoint_url must not point at a private or loopback address/);
    });
  });
});
