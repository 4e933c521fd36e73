import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { buildTestApp, OWNER_EMAIL, type TestApp } from '../../testing/app.js';
import { buildEscalationPolicy, buildUser } from '../../testing/builders.js';
import { forEachDialect } from '../../testing/dialects.js';
import { slackClick, startFakeSlack, type SlackCall } from '../test-fixtures.js';

const TOKEN = 'xoxb-1111-2222-slacktest';
const SECRET = '8f742231b10e8888abcd99eeeeee85a5';
const CHANNEL = 'C0INCIDENTS';

type Block = { type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<{ action_id?: string; value?: string }> };

function fieldsOf(call: SlackCall): string[] {
  return ((call.args.blocks as Block[]).find((b) => b.fields)?.fields ?? []).map((f) => f.text);
}
function actionsOf(call: SlackCall): string[] {
  return ((call.args.blocks as Block[]).find((b) => b.type === 'actions')?.elements ?? []).map((e) => `${e.action_id}=${e.value}`);
}

forEachDialect((dialect) => {
  describe(`${dialect}: Slack extension`, async () => {
    const slack = await startFakeSlack(TOKEN);
    after(() => slack.close());
    const t: TestApp = await buildTestApp(dialect, { TOCSIN_SLACK_BOT_TOKEN: TOKEN, TOCSIN_SLACK_SIGNING_SECRET: SECRET, TOCSIN_SLACK_API_URL: slack.apiUrl });
    const notifier = t.app.notifier;
    const alice = await buildUser(t, { role: 'user', name: 'Alice Example', email: 'alice@example.com' });
    // Rita's role may not change incidents.
    await buildUser(t, { role: 'restricted_access', name: 'Rita', email: 'rita@example.com' });
    slack.users.set('UALICE', { email: 'Alice@Example.com' });
    slack.users.set('URITA', { email: 'rita@example.com' });
    slack.users.set('USTRANGER', { email: 'nobody@elsewhere.example' });
    slack.users.set('UNOEMAIL', { email: null });
    const ep = await buildEscalationPolicy(t, { targets: [alice.id] });
    const svc = (await t.request('POST', '/services', { service: { type: 'service', name: 'Checkout', escalation_policy: { id: ep.id, type: 'escalation_policy_reference' } } }, { headers: { from: OWNER_EMAIL } })).json().service;
    const ext = await t.request('POST', '/extensions', { extension: { name: 'Checkout in Slack', extension_schema: { id: 'PSLACKX' }, extension_objects: [{ id: svc.id }], config: { channel: CHANNEL } } });
    assert.equal(ext.statusCode, 201, ext.body);

    async function newIncident(title: string) {
      const res = await t.request('POST', '/incidents', { incident: { type: 'incident', title, service: { id: svc.id, type: 'service_reference' } } }, { headers: { from: OWNER_EMAIL } });
      assert.equal(res.statusCode, 201, res.body);
      await notifier.worker.drain();
      return res.json().incident as { id: string; incident_number: number };
    }
    const status = async (id: string) => (await t.request('GET', `/incidents/${id}`)).json().incident.status as string;
    const click = (o: Parameters<typeof slackClick>[2], secret = SECRET, at = t.clock.now()) => {
      const c = slackClick(secret, at, o);
      return t.app.http.inject({ method: 'POST', url: '/slack/interactivity', headers: c.headers, payload: c.body });
    };
    const since = (n: number) => slack.calls.slice(n);

    it('posts the incident on trigger and updates that same message (same channel and ts) through acknowledge and resolve', async () => {
      const n0 = slack.calls.length;
      const inc = await newIncident('Payments <failing> & slow');
      const [post, ...rest] = since(n0);
      assert.equal(rest.length, 0);
      assert.equal(post!.method, 'chat.postMessage');
      assert.equal(post!.token, TOKEN);
      assert.match(post!.contentType, /^application\/x-www-form-urlencoded/);
      assert.equal(post!.args.channel, CHANNEL);
      assert.equal(post!.args.text, `[#${inc.incident_number}] Payments <failing> & slow`);
      const url = `http://tocsin.test/ui/incidents/${inc.id}`;
      assert.equal((post!.args.blocks as Block[])[0]!.text!.text, `*<${url}|#${inc.incident_number}: Payments &lt;failing&gt; &amp; slow>*`);
      assert.deepEqual(fieldsOf(post!), ['*Service*\nCheckout', '*Urgency*\nHigh', '*Status*\n:red_circle: Triggered', '*Assigned to*\nAlice Example']);
      assert.deepEqual(actionsOf(post!), [`tocsin_acknowledge=${inc.id}`, `tocsin_resolve=${inc.id}`]);
      assert.deepEqual(post!.args.blocks, [
        { type: 'section', text: { type: 'mrkdwn', text: `*<${url}|#${inc.incident_number}: Payments &lt;failing&gt; &amp; slow>*` } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Service*\nCheckout' },
            { type: 'mrkdwn', text: '*Urgency*\nHigh' },
            { type: 'mrkdwn', text: '*Status*\n:red_circle: Triggered' },
            { type: 'mrkdwn', text: '*Assigned to*\nAlice Example' },
          ],
        },
        {
          type: 'actions',
          block_id: 'tocsin_incident_actions',
          elements: [
            { type: 'button', action_id: 'tocsin_acknowledge', text: { type: 'plain_text', text: 'Acknowledge' }, value: inc.id },
            { type: 'button', action_id: 'tocsin_resolve', text: { type: 'plain_text', text: 'Resolve' }, value: inc.id, style: 'primary' },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `<${url}|View incident #${inc.incident_number} in Tocsin>` }] },
      ]);
      assert.equal(post!.args.unfurl_links, 'false');

      const ack = await t.request('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', status: 'acknowledged' } }, { token: alice.token });
      assert.equal(ack.statusCode, 200, ack.body);
      await notifier.worker.drain();
      const [upd1] = since(n0 + 1);
      assert.equal(upd1!.method, 'chat.update');
      assert.equal(upd1!.args.channel, CHANNEL);
      assert.equal(post!.reply!.ok, true);
      assert.equal(upd1!.args.ts, post!.reply!.ts);
      assert.ok(fieldsOf(upd1!).includes('*Status*\n:large_yellow_circle: Acknowledged'));
      assert.equal(actionsOf(upd1!).length, 2);

      const res = await t.request('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', status: 'resolved' } }, { token: alice.token });
      assert.equal(res.statusCode, 200, res.body);
      await notifier.worker.drain();
      const [upd2, ...more] = since(n0 + 2);
      assert.equal(more.length, 0);
      assert.equal(upd2!.method, 'chat.update');
      assert.equal(upd2!.args.ts, post!.reply!.ts);
      assert.ok(fieldsOf(upd2!).includes('*Status*\n:large_green_circle: Resolved'));
      assert.deepEqual(actionsOf(upd2!), [], 'no buttons once resolved');
    });

    it('acknowledges from a correctly signed button click, as the Tocsin user with the Slack user\'s email', async () => {
      const inc = await newIncident('Disk full');
      const n0 = slack.calls.length;
      const res = await click({ userId: 'UALICE', channel: CHANNEL, actionId: 'tocsin_acknowledge', incidentId: inc.id });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await status(inc.id), 'acknowledged');
      const acks = (await t.request('GET', `/incidents/${inc.id}`)).json().incident.acknowledgements;
      assert.equal(acks[0].acknowledger.id, alice.id);
      const log = (await t.request('GET', `/incidents/${inc.id}/log_entries`)).json().log_entries;
      const entry = log.find((e: { type: string }) => e.type === 'acknowledge_log_entry');
      assert.equal(entry.agent.id, alice.id);
      assert.equal(entry.channel.type, 'slack');
      assert.deepEqual(since(n0).map((c) => [c.method, c.args.user]), [['users.info', 'UALICE']]);
      await notifier.worker.drain();
      const upd = since(n0 + 1);
      assert.deepEqual(upd.map((c) => c.method), ['chat.update']);
      const posted = slack.calls.slice(0, n0).filter((c) => c.method === 'chat.postMessage').at(-1)!;
      assert.deepEqual([upd[0]!.args.channel, upd[0]!.args.ts], [posted.reply!.channel, posted.reply!.ts]);
      assert.ok(fieldsOf(upd[0]!).includes('*Status*\n:large_yellow_circle: Acknowledged'));

      const resolve = await click({ userId: 'UALICE', channel: CHANNEL, actionId: 'tocsin_resolve', incidentId: inc.id });
      assert.equal(resolve.statusCode, 200);
      assert.equal(await status(inc.id), 'resolved');
    });

    it('ignores signed interactions that are not its buttons, changing nothing', async () => {
      const inc = await newIncident('Other app');
      const n0 = slack.calls.length;
      const res = await click({ userId: 'UALICE', channel: CHANNEL, actionId: 'someone_elses_button', incidentId: inc.id });
      assert.equal(res.statusCode, 200);
      assert.equal(await status(inc.id), 'triggered');
      assert.deepEqual(since(n0), []);
    });

    it('refuses a wrong signature, a stale or missing timestamp with 401, and changes nothing', async () => {
      const inc = await newIncident('Refuse me');
      const n0 = slack.calls.length;
      const o = { userId: 'UALICE', channel: CHANNEL, actionId: 'tocsin_acknowledge', incidentId: inc.id };
      const wrong = await click(o, 'ffffffffffffffffffffffffffffffff');
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().error.code, 2006);
      const stale = await click(o, SECRET, t.clock.now() - 5 * 60_000 - 1_000);
      assert.equal(stale.statusCode, 401);
      const future = await click(o, SECRET, t.clock.now() + 6 * 60_000);
      assert.equal(future.statusCode, 401);
      // A body changed after signing.
      const c = slackClick(SECRET, t.clock.now(), o);
      const tampered = await t.app.http.inject({ method: 'POST', url: '/slack/interactivity', headers: c.headers, payload: c.body.replace('tocsin_acknowledge', 'tocsin_resolve') });
      assert.equal(tampered.statusCode, 401);
      const bare = await t.app.http.inject({ method: 'POST', url: '/slack/interactivity', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: c.body });
      assert.equal(bare.statusCode, 401);
      assert.equal(await status(inc.id), 'triggered');
      assert.deepEqual(since(n0), [], 'not even users.info is called');
    });

    it('answers unknown, unlinked and unauthorised Slack users with an ephemeral explanation and changes nothing', async () => {
      const inc = await newIncident('Not yours');
      const cases: Array<[string, RegExp]> = [
        ['UGHOST', /cannot see the email/],
        ['UNOEMAIL', /cannot see the email/],
        ['USTRANGER', /no user with the email nobody@elsewhere\.example/],
        ['URITA', /does not allow you to change incidents/],
      ];
      for (const [user, re] of cases) {
        const n0 = slack.calls.length;
        const res = await click({ userId: user, channel: CHANNEL, actionId: 'tocsin_resolve', incidentId: inc.id });
        assert.equal(res.statusCode, 200, res.body);
        const eph = since(n0).filter((c) => c.method === 'chat.postEphemeral');
        assert.equal(eph.length, 1, `${user}: ${JSON.stringify(since(n0))}`);
        assert.equal(eph[0]!.args.channel, CHANNEL);
        assert.equal(eph[0]!.args.user, user);
        assert.match(String(eph[0]!.args.text), re);
        assert.equal(await status(inc.id), 'triggered');
      }
      await notifier.worker.drain();
    });

    it('retries a transient Slack failure and gives up without retrying when the bot is not in the channel', async () => {
      slack.failNext('chat.postMessage', 'ratelimited');
      const n0 = slack.calls.length;
      const inc = await newIncident('Retry me');
      assert.deepEqual(since(n0).map((c) => c.method), ['chat.postMessage']);
      t.clock.advance('10s');
      await notifier.worker.drain();
      assert.deepEqual(since(n0).map((c) => c.method), ['chat.postMessage', 'chat.postMessage']);
      await t.request('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', status: 'acknowledged' } }, { token: alice.token });
      await notifier.worker.drain();
      assert.deepEqual(since(n0).map((c) => c.method), ['chat.postMessage', 'chat.postMessage', 'chat.update']);

      slack.failNext('chat.postMessage', 'not_in_channel');
      const n1 = slack.calls.length;
      const lost = await newIncident('Bot not invited');
      t.clock.advance('1h');
      await notifier.worker.drain();
      assert.deepEqual(since(n1).map((c) => c.method), ['chat.postMessage'], 'a platform error that needs a person is not retried');
      // The failure shows on the incident, so people learn the bot must be invited.
      const log = (await t.request('GET', `/incidents/${lost.id}/log_entries`)).json().log_entries as Array<{ type: string; summary: string }>;
      assert.ok(log.some((e) => e.type === 'notify_log_entry' && /^Extension \w+ delivery failed after 1 attempt: Slack answered not_in_channel/.test(e.summary)), JSON.stringify(log.map((e) => e.summary)));
    });
  });
});
