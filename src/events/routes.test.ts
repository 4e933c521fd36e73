import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildEventsTestApp, trigger, type EventsTestApp } from './test-fixtures.js';

forEachDialect((dialect) => {
  describe(`${dialect}: Events API endpoints`, async () => {
    const t: EventsTestApp = await buildEventsTestApp(dialect, { TOCSIN_EVENTS_RATE_LIMIT: '5' });
    const { key, serviceId } = await t.service();

    it('answers 202 with PagerDuty body and a generated 32-hex dedup_key', async () => {
      const r = await t.send('/v2/enqueue', trigger(key));
      assert.equal(r.status, 202);
      assert.deepEqual(Object.keys(r.json), ['status', 'message', 'dedup_key']);
      assert.equal(r.json.status, 'success');
      assert.equal(r.json.message, 'Event processed');
      assert.match(r.json.dedup_key, /^[0-9a-f]{32}$/);
    });

    it('400 invalid event naming each bad field, nothing stored', async () => {
      const r = await t.send('/v2/enqueue', { routing_key: key, event_action: 'trigger', payload: { summary: 'x', source: 'y' } });
      assert.equal(r.status, 400);
      assert.deepEqual(r.json, { status: 'invalid event', message: 'Event object is invalid', errors: [`'payload.severity' is missing or blank`] });
    });

    it('unparseable JSON and non-objects are an Unrecognized object', async () => {
      for (const body of ['{"routing_key":', '[1,2]', '']) {
        const r = await t.send('/v2/enqueue', body);
        assert.equal(r.status, 400, body);
        assert.deepEqual(r.json, { status: 'Unrecognized object', message: 'Event object format is unrecognized', errors: ['JSON parse error'] });
      }
    });

    it('rejects an unknown or deleted routing key and stores nothing', async () => {
      const r = await t.send('/v2/enqueue', trigger('0'.repeat(32), { dedup_key: 'unknown-key' }));
      assert.equal(r.status, 400);
      assert.deepEqual(r.json.errors, ['Invalid routing key']);
      const other = await t.service();
      const del = await t.request('DELETE', `/services/${other.serviceId}/integrations/${other.integrationId}`);
      assert.equal(del.statusCode, 204, del.body);
      t.app.events.routing.clear();
      const r2 = await t.send('/v2/enqueue', trigger(other.key));
      assert.equal(r2.status, 400);
      assert.deepEqual(r2.json.errors, ['Invalid routing key']);
    });

    it('refuses U+0000 anywhere in an event with a 400, on both stores alike', async () => {
      const nul = { status: 'invalid event', message: 'Event object is invalid', errors: ['Text must not contain the NUL character (U+0000).'] };
      for (const body of [trigger(key, { dedup_key: 'nul\u0000' }), trigger(key, {}, { summary: 'disk\u0000full' }), trigger(key, {}, { custom_details: { 'k\u0000': 1 } })]) {
        const r = await t.send('/v2/enqueue', body);
        assert.equal(r.status, 400);
        assert.deepEqual(r.json, nul);
      }
    });

    it('413 past 512 KB', async () => {
      const r = await t.send('/v2/enqueue', trigger(key, {}, { custom_details: { blob: 'x'.repeat(600 * 1024) } }));
      assert.equal(r.status, 413);
      assert.equal(r.json.status, 'invalid event');
    });

    it('accepts any Content-Type as JSON', async () => {
      const r = await t.send('/v2/enqueue', trigger(key, { dedup_key: 'ct' }), { 'content-type': 'text/plain; charset=UTF-8' });
      assert.equal(r.status, 202);
    });

    it('429 per routing key on v2, 403 on v1, other keys unaffected', async () => {
      const { key: k2 } = await t.service();
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await t.send('/v2/enqueue', trigger(k2, { dedup_key: `rl${i}` }))).status);
      assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429, 429]);
      const v1 = await t.send('/generic/2010-04-15/create_event.json', { service_key: k2, event_type: 'trigger', description: 'x' });
      assert.equal(v1.status, 403);
      assert.equal(v1.json.status, 'throttle exceeded');
      const { key: k3 } = await t.service();
      assert.equal((await t.send('/v2/enqueue', trigger(k3))).status, 202);
    });

    it('a vendor payload costs one unit per event: what fits is accepted, the rest is a 429 naming the accepted keys', async () => {
      const am = await t.service({}, { vendor: { id: 'PAVZBDG', type: 'vendor_reference' } });
      const alerts = (n: number) =>
        Array.from({ length: n }, (_, i) => ({
          status: 'firing',
          labels: { alertname: 'DiskFull', instance: `db-${i}` },
          annotations: { summary: `disk full on db-${i}` },
          startsAt: '2026-01-05T09:00:00Z',
          fingerprint: `fp${i}`,
        }));
      const post = (n: number) =>
        t.app.http.inject({
          method: 'POST',
          url: `/integration/${am.key}/enqueue`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ version: '4', status: 'firing', alerts: alerts(n) }),
        });
      // The budget is 5 events a minute: 8 alerts in one request open 5 incidents, not 8.
      const r = await post(8);
      assert.equal(r.statusCode, 429, r.body);
      assert.match(String(r.headers['retry-after']), /^\d+$/);
      const keys = ['fp0', 'fp1', 'fp2', 'fp3', 'fp4'];
      assert.deepEqual(r.json(), {
        status: 'throttle exceeded',
        message: 'Requests for this service are arriving too quickly. Please retry later.',
        errors: ['Requests for this service are arriving too quickly. Please retry later.'],
        dedup_keys: keys,
      });
      await t.drain();
      assert.equal((await t.incidents(am.serviceId)).length, 5);
      // With the budget spent, the same batch changes nothing.
      const again = await post(8);
      assert.equal(again.statusCode, 429);
      assert.deepEqual(again.json().dedup_keys, []);
      await t.drain();
      assert.equal((await t.incidents(am.serviceId)).length, 5);
    });

    it('Events API v1: 200 with incident_key, 400 in v1 words', async () => {
      const { key: k } = await t.service();
      const ok = await t.send('/generic/2010-04-15/create_event.json', { service_key: k, event_type: 'trigger', incident_key: 'srv01/HTTP', description: 'down' });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json, { status: 'success', message: 'Event processed', incident_key: 'srv01/HTTP' });
      const bad = await t.send('/generic/2010-04-15/create_event.json', { service_key: k, event_type: 'nope' });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json.errors, ['event_type is invalid (must be one of: trigger acknowledge resolve)']);
    });

    it('change events: 202, listed per service and account-wide, shown by id', async () => {
      const s = await t.service();
      const r = await t.send('/v2/change/enqueue', {
        routing_key: s.key,
        payload: { summary: 'Deployed build 42', source: 'ci', timestamp: '2026-01-05T09:00:00Z', custom_details: { build: 42 } },
        links: [{ href: 'https://ci/42', text: 'build' }],
      });
      assert.equal(r.status, 202);
      assert.deepEqual(r.json, { status: 'success', message: 'Change event processed' });
      const list = await t.request('GET', `/services/${s.serviceId}/change_events`);
      assert.equal(list.statusCode, 200, list.body);
      const [ce] = list.json().change_events;
      assert.equal(ce.summary, 'Deployed build 42');
      assert.equal(ce.type, 'change_event');
      assert.equal(ce.timestamp, '2026-01-05T09:00:00.000Z');
      assert.equal(ce.services[0].id, s.serviceId);
      assert.equal(ce.integration.id, s.integrationId);
      assert.deepEqual(ce.custom_details, { build: 42 });
      const all = await t.request('GET', `/change_events?integration_ids[]=${s.integrationId}`);
      assert.equal(all.json().change_events.length, 1);
      const one = await t.request('GET', `/change_events/${ce.id}`);
      assert.equal(one.json().change_event.id, ce.id);
      assert.equal((await t.request('GET', '/change_events/PNOPE00')).statusCode, 404);
      const incidents = await t.incidents(s.serviceId);
      await t.drain();
      assert.equal(incidents.length, 0);
    });

    it('the service is untouched by the rejected events', async () => {
      await t.drain();
      assert.ok((await t.incidents(serviceId)).length >= 1);
    });
  });
});

forEachDialect((dialect) => {
  describe(`${dialect}: Amazon CloudWatch through SNS`, async () => {
    const t = await buildEventsTestApp(dialect, { TOCSIN_SNS_CONFIRM: 'any' });
    const cw = await t.service({}, { type: 'aws_cloudwatch_inbound_integration', vendor: { id: 'PZQ6AUS', type: 'vendor_reference' } });

    it('confirms the SNS subscription by visiting SubscribeURL (a local server here)', async () => {
      const hits: string[] = [];
      const server = http.createServer((req, res) => {
        hits.push(req.url ?? '');
        res.end('<ConfirmSubscriptionResponse/>');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      try {
        const r = await t.send(
          `/integration/${cw.key}/enqueue`,
          { Type: 'SubscriptionConfirmation', TopicArn: 'arn:aws:sns:eu-west-1:1:alarms', SubscribeURL: `http://127.0.0.1:${port}/?Action=ConfirmSubscription&Token=abc` },
          { 'x-amz-sns-message-type': 'SubscriptionConfirmation', 'content-type': 'text/plain; charset=UTF-8' },
        );
        assert.equal(r.status, 200);
        assert.equal(r.json.message, 'Subscription confirmed');
        assert.deepEqual(hits, ['/?Action=ConfirmSubscription&Token=abc']);
      } finally {
        server.close();
      }
    });

    it('reads at most 64 KB of the SubscribeURL answer and closes the connection', async () => {
      let written = 0;
      let closed = false;
      const server = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (!res.destroyed && res.write(chunk)) written += chunk.length;
        };
        res.on('drain', pump);
        res.on('error', () => undefined);
        res.on('close', () => (closed = true));
        pump();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const r = await t.send(
          `/integration/${cw.key}/enqueue`,
          { Type: 'SubscriptionConfirmation', SubscribeURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/?Action=ConfirmSubscription` },
          { 'x-amz-sns-message-type': 'SubscriptionConfirmation' },
        );
        assert.equal(r.json.message, 'Subscription confirmed');
        for (let waited = 0; !closed; waited += 20) {
          assert.ok(waited < 3000, 'Tocsin closed the connection instead of leaving the body unread');
          await new Promise((res) => setTimeout(res, 20));
        }
        assert.ok(written < 32 * 1024 * 1024, `${written} bytes written`);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });

    it('refuses a NUL inside the alarm an SNS Message wraps', async () => {
      const message = JSON.stringify({ AlarmName: 'api\u0000', NewStateValue: 'ALARM', AlarmArn: 'arn:aws:cloudwatch:eu-west-1:1:alarm:nul' });
      const r = await t.send(`/integration/${cw.key}/enqueue`, { Type: 'Notification', Message: message }, { 'x-amz-sns-message-type': 'Notification' });
      assert.equal(r.status, 400);
      assert.deepEqual(r.json.errors, [`'Message': Text must not contain the NUL character (U+0000).`]);
    });

    it('turns an ALARM notification into an incident and OK resolves it', async () => {
      const alarm = (state: string) =>
        JSON.stringify({ AlarmName: 'api-5xx', NewStateValue: state, NewStateReason: 'threshold', AlarmArn: 'arn:aws:cloudwatch:eu-west-1:1:alarm:api-5xx', Region: 'EU (Ireland)', Trigger: {} });
      const headers = { 'x-amz-sns-message-type': 'Notification', 'content-type': 'text/plain; charset=UTF-8' };
      assert.equal((await t.send(`/integration/${cw.key}/enqueue`, { Type: 'Notification', Message: alarm('ALARM') }, headers)).status, 202);
      await t.drain();
      assert.equal((await t.incidents(cw.serviceId))[0].status, 'triggered');
      await t.send(`/integration/${cw.key}/enqueue`, { Type: 'Notification', Message: alarm('OK') }, headers);
      await t.drain();
      assert.equal((await t.incidents(cw.serviceId))[0].status, 'resolved');
    });
  });

  describe(`${dialect}: SNS confirmation only to AWS by default`, async () => {
    const t = await buildEventsTestApp(dialect);
    it('does not visit a SubscribeURL outside sns.*.amazonaws.com', async () => {
      const cw = await t.service({}, { type: 'aws_cloudwatch_inbound_integration', vendor: { id: 'PZQ6AUS', type: 'vendor_reference' } });
      let hit = false;
      const server = http.createServer((_req, res) => {
        hit = true;
        res.end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const r = await t.send(
          `/integration/${cw.key}/enqueue`,
          { Type: 'SubscriptionConfirmation', SubscribeURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` },
          { 'x-amz-sns-message-type': 'SubscriptionConfirmation' },
        );
        assert.equal(r.status, 200);
        assert.match(r.json.message, /not confirmed automatically/);
        assert.equal(hit, false);
      } finally {
        server.close();
      }
    });
  });
});
