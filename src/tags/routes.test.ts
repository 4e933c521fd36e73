import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../testing/app.js';
import { buildEscalationPolicy, buildTeam, buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';

type Json = any;

forEachDialect((dialect) => {
  describe(`${dialect}: tags`, async () => {
    const t = await buildTestApp(dialect);
    const mk = async (label: string) => {
      const r = await t.request('POST', '/tags', { tag: { type: 'tag', label } });
      assert.equal(r.statusCode, 201, r.body);
      return r.json().tag as Json;
    };

    it('creates, shows, lists by query and deletes tags with PagerDuty bodies', async () => {
      const batman = await mk('Batman');
      assert.deepEqual(batman, { id: batman.id, type: 'tag', summary: 'Batman', label: 'Batman', self: `http://tocsin.test/tags/${batman.id}`, html_url: null });
      await mk('Robin');
      const dup = await t.request('POST', '/tags', { tag: { type: 'tag', label: 'batman' } });
      assert.equal(dup.statusCode, 400);
      assert.deepEqual(dup.json().error.errors, ['Label has already been taken']);
      assert.equal((await t.request('POST', '/tags', { tag: { type: 'tag', label: ' ' } })).statusCode, 400);
      assert.equal((await t.request('POST', '/tags', { tag: { type: 'tag', label: 'x'.repeat(192) } })).statusCode, 400);
      assert.deepEqual((await t.request('GET', `/tags/${batman.id}`)).json().tag, batman);
      const found = (await t.request('GET', '/tags?query=BAT&total=true')).json();
      assert.deepEqual([found.tags.map((x: Json) => x.label), found.total, found.more], [['Batman'], 1, false]);
      assert.equal((await t.request('DELETE', `/tags/${batman.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `/tags/${batman.id}`)).statusCode, 404);
      assert.equal((await t.request('DELETE', `/tags/${batman.id}`)).statusCode, 404);
    });

    it('changes the tags of users, teams and policies, and lists each way', async () => {
      const alice = await buildUser(t, { name: 'Alice' });
      const team = await buildTeam(t);
      const policy = await buildEscalationPolicy(t, { targets: [alice.id] });
      const oncall = await mk('oncall');
      for (const [type, id] of [['users', alice.id], ['teams', team.id], ['escalation_policies', policy.id]]) {
        const r = await t.request('POST', `/${type}/${id}/change_tags`, { add: [{ type: 'tag_reference', id: oncall.id }, { type: 'tag', label: `new-${type}` }] });
        assert.equal(r.statusCode, 200, r.body);
        assert.deepEqual(r.json(), {});
        const mine = (await t.request('GET', `/${type}/${id}/tags?total=true`)).json();
        assert.deepEqual([mine.tags.map((x: Json) => x.label), mine.total], [[`new-${type}`, 'oncall'], 2]);
        const carriers = (await t.request('GET', `/tags/${oncall.id}/${type}`)).json();
        assert.deepEqual(carriers[type].map((x: Json) => [x.id, x.type]), [[id, `${type === 'escalation_policies' ? 'escalation_policy' : type.slice(0, -1)}_reference`]]);
      }
      const again = await t.request('POST', `/users/${alice.id}/change_tags`, { add: [{ type: 'tag', label: 'ONCALL' }], remove: [{ type: 'tag_reference', id: (await t.request('GET', `/users/${alice.id}/tags`)).json().tags[0].id }] });
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual((await t.request('GET', `/users/${alice.id}/tags`)).json().tags.map((x: Json) => x.label), ['oncall'], 'a label finds the tag whatever its case');
      assert.equal((await t.request('DELETE', `/users/${alice.id}`)).statusCode, 204);
      assert.deepEqual((await t.request('GET', `/tags/${oncall.id}/users`)).json().users, [], 'a deleted user is left out');
    });

    it('refuses unknown objects and tags, all or nothing, and writers without the right', async () => {
      const bob = await buildUser(t, { name: 'Bob' });
      assert.equal((await t.request('POST', '/users/PNOPE00/change_tags', { add: [] })).statusCode, 404);
      assert.equal((await t.request('GET', '/teams/PNOPE00/tags')).statusCode, 404);
      assert.equal((await t.request('GET', '/tags/PNOPE00/users')).statusCode, 404);
      assert.equal((await t.request('GET', '/tags/PNOPE00/services')).statusCode, 404, 'services carry no tags in PagerDuty');
      const bad = await t.request('POST', `/users/${bob.id}/change_tags`, { add: [{ type: 'tag', label: 'kept-out' }, { type: 'tag_reference', id: 'PNOPE00' }] });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().error.errors, ['Tag PNOPE00 does not exist.']);
      assert.deepEqual((await t.request('GET', '/tags?query=kept-out')).json().tags, [], 'nothing was created');
      const limited = await buildUser(t, { role: 'limited_user' });
      assert.equal((await t.request('POST', '/tags', { tag: { type: 'tag', label: 'mine' } }, { token: limited.token })).statusCode, 403);
      assert.equal((await t.request('POST', `/users/${bob.id}/change_tags`, { add: [{ type: 'tag', label: 'x' }] }, { token: limited.token })).statusCode, 403);
      const self = await t.request('POST', `/users/${limited.id}/change_tags`, { add: [{ type: 'tag', label: 'brand-new' }] }, { token: limited.token });
      assert.equal(self.statusCode, 400, 'may tag themself, but not create a tag');
      const observer = await buildUser(t, { role: 'observer' });
      assert.equal((await t.request('GET', '/tags', undefined, { token: observer.token })).statusCode, 200);
    });
  });
});
