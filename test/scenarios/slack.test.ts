// A Slack channel follows an incident through its life: posted on trigger, the same message edited when
// the engine escalates it (new assignee), when someone acknowledges from Slack, and when it resolves.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { slackClick, startFakeSlack } from '../../src/extensions/test-fixtures.js';

import { buildTestApp } from '../../src/testing/app.js';
import { buildEscalationPolicy, buildUser } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { createIncident, fastForward, getIncident, makeService, MIN, updateIncident } from './helpers.js';

const TOKEN = 'xoxb-9-9-scenario';
const SECRET = 'abcdef0123456789abcdef0123456789';

forEachDialect((dialect) => {
  describe(`${dialect}: a Slack channel follows an incident`, async () => {
    const slack = await startFakeSlack(TOKEN);
    after(() => slack.close());
    const t = await buildTestApp(dialect, { TOCSIN_SLACK_BOT_TOKEN: TOKEN, TOCSIN_SLACK_SIGNING_SECRET: SECRET, TOCSIN_SLACK_API_URL: slack.apiUrl });
    const n = t.app.notifier;
    const alice = await buildUser(t, { name: 'Alice' });
    const bob = await buildUser(t, { name: 'Bob', email: 'bob.scenario@example.com' });
    slack.users.set('UBOB', { email: 'bob.scenario@example.com' });
    const ep = await buildEscalationPolicy(t, { rules: [[alice.id], [bob.id]], delay: 10 });
    const svc = await makeService(t, ep.id, { acknowledgement_timeout: null, auto_resolve_timeout: null });
    const ext = await t.request('POST', '/extensions', { extension: { name: 'Ops', extension_schema: { id: 'PSLACKX' }, extension_objects: [{ id: svc.id }], config: { channel: 'C0OPS' } } });
    assert.equal(ext.statusCode, 201, ext.body);

    it('posts once, then edits that message on escalation, a Slack acknowledgement and the resolve', async () => {
      const i = await createIncident(t, svc.id);
      await n.worker.drain();
      await fastForward(t, 10 * MIN);
      await n.worker.drain();
      const click = slackClick(SECRET, t.clock.now(), { userId: 'UBOB', channel: 'C0OPS', actionId: 'tocsin_acknowledge', incidentId: i.id });
      const res = await t.app.http.inject({ method: 'POST', url: '/slack/interactivity', headers: click.headers, payload: click.body });
      assert.equal(res.statusCode, 200);
      await n.worker.drain();
      await updateIncident(t, i.id, { status: 'resolved' });
      await n.worker.drain();
      assert.equal((await getIncident(t, i.id)).status, 'resolved');

      const msgs = slack.calls.filter((c) => c.method.startsWith('chat.'));
      assert.deepEqual(msgs.map((c) => c.method), ['chat.postMessage', 'chat.update', 'chat.update', 'chat.update']);
      const ts = msgs[0]!.reply!.ts;
      assert.ok(msgs.slice(1).every((c) => c.args.ts === ts && c.args.channel === 'C0OPS'));
      const shown = msgs.map((c) => JSON.stringify(c.args.blocks));
      assert.match(shown[0]!, /Assigned to\*\\nAlice/);
      assert.match(shown[1]!, /Assigned to\*\\nBob/);
      assert.match(shown[2]!, /Acknowledged/);
      assert.match(shown[3]!, /Resolved/);
      assert.doesNotMatch(shown[3]!, /tocsin_acknowledge/);
    });
  });
});
