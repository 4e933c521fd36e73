import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildTestApp } from '../testing/app.js';
import { buildTeam, buildUser } from '../testing/builders.js';

forEachDialect((dialect) => {
  describe(`${dialect}: /teams`, async () => {
    const t = await buildTestApp(dialect);

    it('creates a team (201) with every field, and shows it', async () => {
      const res = await t.request('POST', '/teams', { team: { type: 'team', name: 'Database', description: 'DBAs', junk: 1 } });
      assert.equal(res.statusCode, 201, res.body);
      const team = res.json().team;
      assert.deepEqual(team, {
        id: team.id,
        type: 'team',
        summary: 'Database',
        self: `http://tocsin.test/teams/${team.id}`,
        html_url: `http://tocsin.test/ui/teams/${team.id}`,
        name: 'Database',
        description: 'DBAs',
        default_role: 'manager',
        parent: null,
      });
      assert.deepEqual((await t.request('GET', `/teams/${team.id}`)).json().team, team);
    });

    it('refuses a duplicate or empty name with 400', async () => {
      const dup = await t.request('POST', '/teams', { team: { name: 'Database' } });
      assert.equal(dup.statusCode, 400);
      assert.deepEqual(dup.json().error.errors, ['Name has already been taken']);
      assert.equal((await t.request('POST', '/teams', { team: { name: ' ' } })).statusCode, 400);
      assert.equal((await t.request('POST', '/teams', { team: { name: 'x', default_role: 'admin' } })).statusCode, 400);
    });

    it('lists with query and paging; unknown ids are 404', async () => {
      await buildTeam(t, { name: 'Networking' });
      const all = (await t.request('GET', '/teams?total=true')).json();
      assert.deepEqual(all.teams.map((x: { name: string }) => x.name), ['Database', 'Networking']);
      assert.equal(all.total, 2);
      const q = (await t.request('GET', '/teams?query=NET&limit=1')).json();
      assert.deepEqual([q.teams.length, q.more, q.limit], [1, false, 1]);
      for (const m of ['GET', 'PUT', 'DELETE'] as const) {
        const res = await t.request(m, '/teams/PNOPE00', m === 'PUT' ? { team: { name: 'x' } } : undefined);
        assert.equal(res.statusCode, 404, m);
      }
    });

    it('manages members: add (204), change role, list paged, remove (204)', async () => {
      const a = await buildUser(t, { name: 'Alice' });
      const b = await buildUser(t, { name: 'Bob' });
      const team = await buildTeam(t, { members: [{ userId: a.id, role: 'manager' }] });
      assert.equal((await t.request('PUT', `/teams/${team.id}/users/${b.id}`, { role: 'observer' })).statusCode, 204);
      assert.equal((await t.request('PUT', `/teams/${team.id}/users/${b.id}`, { role: 'responder' })).statusCode, 204);
      const list = (await t.request('GET', `/teams/${team.id}/members?total=true`)).json();
      assert.deepEqual(
        list.members.map((m: { user: { id: string; type: string }; role: string }) => [m.user.id, m.user.type, m.role]),
        [
          [a.id, 'user_reference', 'manager'],
          [b.id, 'user_reference', 'responder'],
        ],
      );
      assert.equal(list.total, 2);
      const page = (await t.request('GET', `/teams/${team.id}/members?limit=1`)).json();
      assert.deepEqual([page.members.length, page.more], [1, true]);
      assert.equal((await t.request('DELETE', `/teams/${team.id}/users/${b.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `/teams/${team.id}/members`)).json().members.length, 1);
      assert.equal((await t.request('PUT', `/teams/${team.id}/users/PNOPE00`, { role: 'manager' })).statusCode, 404);
      assert.equal((await t.request('PUT', `/teams/${team.id}/users/${b.id}`, { role: 'boss' })).statusCode, 400);
    });

    it('refuses read-only users as members with 400', async () => {
      const team = await buildTeam(t);
      for (const role of ['read_only_user', 'read_only_limited_user'] as const) {
        const u = await buildUser(t, { role });
        const res = await t.request('PUT', `/teams/${team.id}/users/${u.id}`, { role: 'observer' });
        assert.equal(res.statusCode, 400, role);
        assert.match(res.json().error.errors[0], /read-only/);
      }
      assert.equal((await t.request('GET', `/teams/${team.id}/members`)).json().members.length, 0);
    });

    it("lets a team manager manage their own team's members and details, not other teams", async () => {
      const mgr = await buildUser(t, { role: 'limited_user' });
      const u = await buildUser(t);
      const mine = await buildTeam(t, { members: [{ userId: mgr.id, role: 'manager' }] });
      const other = await buildTeam(t);
      const tok = { token: mgr.token };
      assert.equal((await t.request('PUT', `/teams/${mine.id}/users/${u.id}`, { role: 'responder' }, tok)).statusCode, 204);
      assert.equal((await t.request('PUT', `/teams/${mine.id}`, { team: { description: 'ours' } }, tok)).statusCode, 200);
      assert.equal((await t.request('DELETE', `/teams/${mine.id}/users/${u.id}`, undefined, tok)).statusCode, 204);
      const denied = await t.request('PUT', `/teams/${other.id}/users/${u.id}`, { role: 'responder' }, tok);
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.json().error.code, 2010);
      assert.equal((await t.request('DELETE', `/teams/${mine.id}`, undefined, tok)).statusCode, 403);
      assert.equal((await t.request('POST', '/teams', { team: { name: 'Mgr team' } }, tok)).statusCode, 403);
      assert.equal((await t.request('GET', `/teams/${other.id}/members`)).json().members.length, 0);
    });

    it('refuses team writes by responders, users and read-only roles, changing nothing', async () => {
      const team = await buildTeam(t, { name: 'Locked' });
      for (const role of ['user', 'limited_user', 'observer', 'read_only_user'] as const) {
        const actor = await t.makeUser(role);
        const tok = { token: actor.token };
        assert.equal((await t.request('PUT', `/teams/${team.id}`, { team: { name: 'Pwned' } }, tok)).statusCode, 403, role);
        assert.equal((await t.request('PUT', `/teams/${team.id}/users/${actor.id}`, { role: 'manager' }, tok)).statusCode, 403, role);
      }
      assert.equal((await t.request('GET', `/teams/${team.id}`)).json().team.name, 'Locked');
      assert.equal((await t.request('GET', `/teams/${team.id}/members`)).json().members.length, 0);
    });

    it('updates partially and deletes (204) a team', async () => {
      const team = await buildTeam(t, { name: 'Temp' });
      const put = await t.request('PUT', `/teams/${team.id}`, { team: { default_role: 'none' } });
      assert.deepEqual([put.json().team.name, put.json().team.default_role], ['Temp', 'none']);
      const del = await t.request('DELETE', `/teams/${team.id}`);
      assert.equal(del.statusCode, 204);
      assert.equal((await t.request('GET', `/teams/${team.id}`)).statusCode, 404);
    });
  });
});
