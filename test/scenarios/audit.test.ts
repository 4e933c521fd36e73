// Audit records (issue 14): every change to a user, team, policy, schedule or service made through
// the API or the UI is recorded with who, when, how, and each field before and after; read newest
// first with PagerDuty's cursor paging.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSession } from '../../src/accounts/index.js';
import { buildTestApp, OWNER_TOKEN } from '../../src/testing/app.js';
import { buildUser } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';

type Json = any;

forEachDialect((dialect) => {
  describe(`${dialect}: audit records`, async () => {
    const t = await buildTestApp(dialect);

    it('records a team created, renamed, given a member and deleted, with fields before and after', async () => {
      const team = (await t.request('POST', '/teams', { team: { type: 'team', name: 'Audited', description: 'first' } })).json().team;
      t.clock.advance('1m');
      assert.equal((await t.request('PUT', `/teams/${team.id}`, { team: { name: 'Audited 2' } })).statusCode, 200);
      t.clock.advance('1m');
      const bob = await buildUser(t, { name: 'Bob' });
      t.clock.advance('1m');
      assert.equal((await t.request('PUT', `/teams/${team.id}/users/${bob.id}`, { role: 'responder' })).statusCode, 204);
      assert.equal((await t.request('PUT', `/teams/${team.id}`, { team: { name: '' } })).statusCode, 400, 'a refused change is not recorded');
      t.clock.advance('1m');
      assert.equal((await t.request('DELETE', `/teams/${team.id}`)).statusCode, 204);

      const res = await t.request('GET', `/teams/${team.id}/audit/records`);
      assert.equal(res.statusCode, 200, res.body);
      const records = res.json().records as Json[];
      assert.deepEqual(records.map((r) => r.action), ['delete', 'update', 'update', 'create']);
      const [deleted, member, renamed, created] = records;
      assert.deepEqual(created.root_resource.type, 'team_reference');
      assert.deepEqual(created.details.fields.find((f: Json) => f.name === 'name'), { name: 'name', value: 'Audited' });
      assert.deepEqual(renamed.details.fields, [{ name: 'name', before_value: 'Audited', value: 'Audited 2' }]);
      assert.deepEqual(member.details.fields, []);
      assert.deepEqual(deleted.details.fields.find((f: Json) => f.name === 'description'), { name: 'description', before_value: 'first' });
      assert.equal(deleted.root_resource.summary, 'Audited 2');
      assert.deepEqual(created.actors.map((a: Json) => [a.type, a.id]), [['user_reference', t.ownerId]]);
      assert.deepEqual(created.method, { type: 'api_token', truncated_token: OWNER_TOKEN.slice(-4), description: null });
      assert.ok(Date.parse(renamed.execution_time) - Date.parse(created.execution_time) === 60_000);
    });

    it('pages with a cursor, filters, and names the browser for the UI', async () => {
      const carol = await buildUser(t, { name: 'Carol' });
      const { sessionId } = await createSession(t.app.ctx.db, t.clock, t.ownerId);
      const ui = { token: null, headers: { cookie: `tocsin_session=${sessionId}`, 'x-requested-with': 'tocsin-ui' } };
      t.clock.advance('1m');
      assert.equal((await t.request('PUT', `/users/${carol.id}`, { user: { job_title: 'SRE' } }, ui)).statusCode, 200);
      const byUi = (await t.request('GET', `/users/${carol.id}/audit/records`)).json().records[0];
      assert.deepEqual([byUi.method.type, byUi.method.truncated_token, byUi.details.fields], ['browser', null, [{ name: 'job_title', before_value: null, value: 'SRE' }]]);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = (await t.request('GET', `/audit/records?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
        assert.equal(page.limit, 2);
        seen.push(...page.records.map((r: Json) => r.id));
        cursor = page.next_cursor;
      } while (cursor);
      const all = (await t.request('GET', '/audit/records?limit=100')).json().records.map((r: Json) => r.id);
      assert.deepEqual(seen, all);
      assert.ok(all.length >= 6);
      const onlyUsers = (await t.request('GET', '/audit/records?root_resource_types[]=users&actions[]=update')).json().records;
      assert.deepEqual(onlyUsers.map((r: Json) => [r.root_resource.id, r.action]), [[carol.id, 'update']]);
      assert.deepEqual((await t.request('GET', '/audit/records?method_type=browser')).json().records.map((r: Json) => r.id), [byUi.id]);
      const later = new Date(t.clock.now() + 3_600_000).toISOString();
      assert.deepEqual((await t.request('GET', `/audit/records?since=${later}&until=${new Date(t.clock.now() + 7_200_000).toISOString()}`)).json().records, []);
      assert.equal((await t.request('GET', '/audit/records?cursor=nope')).statusCode, 400);
      assert.equal((await t.request('GET', '/audit/records', undefined, { token: carol.token })).statusCode, 403, 'a plain user may not read them');
    });
  });
});
