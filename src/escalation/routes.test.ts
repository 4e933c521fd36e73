import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildEscalationPolicy, buildTeam, buildUser } from '../testing/builders.js';
import { createApiToken } from '../accounts/index.js';

const rule = (ids: string[], delay = 30, type = 'user_reference') => ({
  escalation_delay_in_minutes: delay,
  targets: ids.map((id) => ({ id, type })),
});
const body = (o: Record<string, unknown>) => ({ escalation_policy: { type: 'escalation_policy', ...o } });

forEachDialect((dialect) => {
  describe(`${dialect}: /escalation_policies`, async () => {
    const t = await buildTestApp(dialect);
    const alice = await buildUser(t, { name: 'Alice' });
    const bob = await buildUser(t, { name: 'Bob' });

    it('creates a policy (201) with every field, rule ids and references', async () => {
      const res = await t.request(
        'POST',
        '/escalation_policies',
        body({ name: 'Primary', escalation_rules: [rule([alice.id, alice.id], 10), { ...rule([bob.id], 20), id: 'PFAKE00' }], num_loops: 2, services: [{ id: 'PX' }] }),
        { headers: { from: OWNER_EMAIL } },
      );
      assert.equal(res.statusCode, 201, res.body);
      const ep = res.json().escalation_policy;
      assert.match(ep.id, /^P[0-9A-Z]{6}$/);
      assert.deepEqual(
        { ...ep, id: undefined, escalation_rules: undefined },
        {
          id: undefined,
          type: 'escalation_policy',
          summary: 'Primary',
          self: `http://tocsin.test/escalation_policies/${ep.id}`,
          html_url: `http://tocsin.test/ui/escalation_policies/${ep.id}`,
          name: 'Primary',
          description: null,
          num_loops: 2,
          on_call_handoff_notifications: 'if_has_services',
          escalation_rules: undefined,
          services: [],
          teams: [],
        },
      );
      assert.equal(ep.escalation_rules.length, 2);
      assert.notEqual(ep.escalation_rules[1].id, 'PFAKE00');
      assert.deepEqual(ep.escalation_rules[0], {
        id: ep.escalation_rules[0].id,
        escalation_delay_in_minutes: 10,
        targets: [{ id: alice.id, type: 'user_reference', summary: 'Alice', self: `http://tocsin.test/users/${alice.id}`, html_url: `http://tocsin.test/ui/users/${alice.id}` }],
        escalation_rule_assignment_strategy: 'assign_to_everyone',
      });
      assert.deepEqual((await t.request('GET', `/escalation_policies/${ep.id}`)).json(), res.json());
    });

    it('refuses bad policies with a clear 400 and creates nothing', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [body({ name: 'No rules', escalation_rules: [] }), /At least one escalation rule must be provided/],
        [body({ name: 'No rules' }), /At least one escalation rule must be provided/],
        [body({ escalation_rules: [rule([alice.id])] }), /Name cannot be empty/],
        [body({ name: 'Ghost', escalation_rules: [rule(['PNOPE00'])] }), /user PNOPE00 does not exist/],
        [body({ name: 'Sched', escalation_rules: [rule(['PSCHED1'], 30, 'schedule_reference')] }), /schedule PSCHED1 does not exist/],
        [body({ name: 'Zero', escalation_rules: [rule([alice.id], 0)] }), /at least 1/],
        [body({ name: 'Many', escalation_rules: [rule(Array.from({ length: 11 }, () => alice.id))] }), /at most 10 targets/],
        [body({ name: 'Empty', escalation_rules: [rule([])] }), /at least one target/],
        [body({ name: 'RR', escalation_rules: [{ ...rule([alice.id]), escalation_rule_assignment_strategy: 'round_robin' }] }), /round_robin/],
        [body({ name: 'Team', escalation_rules: [rule([alice.id])], teams: [{ id: 'PNOPE00', type: 'team_reference' }] }), /Team PNOPE00/],
        [body({ name: 'Loops', escalation_rules: [rule([alice.id])], num_loops: -1 }), /num_loops/],
      ];
      for (const [b, re] of cases) {
        const res = await t.request('POST', '/escalation_policies', b);
        assert.equal(res.statusCode, 400, JSON.stringify(b));
        assert.equal(res.json().error.code, 2001);
        assert.match(res.json().error.errors.join(' '), re);
      }
      assert.equal((await t.request('GET', '/escalation_policies?total=true')).json().total, 1);
    });

    it('refuses a duplicate name', async () => {
      const res = await t.request('POST', '/escalation_policies', body({ name: 'Primary', escalation_rules: [rule([bob.id])] }));
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json().error.errors, ['Name has already been taken']);
    });

    it('lists with query, user_ids[], team_ids[], sort_by, paging and include[]', async () => {
      const team = await buildTeam(t, { name: 'Ops' });
      const b = await buildEscalationPolicy(t, { name: 'Backup', targets: [bob.id], teamIds: [team.id] });
      const names = async (qs: string) =>
        (await t.request('GET', `/escalation_policies?${qs}`)).json().escalation_policies.map((p: { name: string }) => p.name);
      assert.deepEqual(await names(''), ['Backup', 'Primary']);
      assert.deepEqual(await names('sort_by=name:desc'), ['Primary', 'Backup']);
      assert.deepEqual(await names('query=prim'), ['Primary']);
      assert.deepEqual(await names(`user_ids[]=${alice.id}`), ['Primary']);
      assert.deepEqual(await names(`user_ids[]=${alice.id}&user_ids[]=${bob.id}`), ['Backup', 'Primary']);
      assert.deepEqual(await names(`team_ids[]=${team.id}`), ['Backup']);
      const page = (await t.request('GET', '/escalation_policies?limit=1&offset=1&total=true')).json();
      assert.deepEqual([page.escalation_policies.length, page.more, page.total, page.limit, page.offset], [1, false, 2, 1, 1]);
      assert.equal((await t.request('GET', '/escalation_policies?sort_by=id')).statusCode, 400);
      const inc = (await t.request('GET', `/escalation_policies/${b.id}?include[]=targets&include[]=teams`)).json().escalation_policy;
      assert.equal(inc.escalation_rules[0].targets[0].type, 'user');
      assert.equal(inc.escalation_rules[0].targets[0].email, bob.email);
      assert.deepEqual([inc.teams[0].type, inc.teams[0].name], ['team', 'Ops']);
      const plain = (await t.request('GET', `/escalation_policies/${b.id}`)).json().escalation_policy;
      assert.deepEqual([plain.teams[0].type, plain.escalation_rules[0].targets[0].type], ['team_reference', 'user_reference']);
    });

    it('updates partially, keeping rule ids it is given and replacing the rules', async () => {
      const p = await buildEscalationPolicy(t, { name: 'Upd', rules: [[alice.id], [bob.id]] });
      const res = await t.request(
        'PUT',
        `/escalation_policies/${p.id}`,
        body({ escalation_rules: [{ ...rule([bob.id], 5), id: p.ruleIds[1] }, rule([alice.id], 7)], description: 'changed' }),
      );
      assert.equal(res.statusCode, 200, res.body);
      const ep = res.json().escalation_policy;
      assert.deepEqual([ep.name, ep.description, ep.num_loops], ['Upd', 'changed', 0]);
      assert.equal(ep.escalation_rules[0].id, p.ruleIds[1]);
      assert.notEqual(ep.escalation_rules[1].id, p.ruleIds[0]);
      assert.deepEqual(ep.escalation_rules.map((r: { escalation_delay_in_minutes: number }) => r.escalation_delay_in_minutes), [5, 7]);
      const empty = await t.request('PUT', `/escalation_policies/${p.id}`, body({ escalation_rules: [] }));
      assert.equal(empty.statusCode, 400);
      assert.equal((await t.request('GET', `/escalation_policies/${p.id}`)).json().escalation_policy.escalation_rules.length, 2);
      assert.equal((await t.request('PUT', '/escalation_policies/PNOPE00', body({ name: 'x' }))).statusCode, 404);
      assert.equal((await t.request('GET', '/escalation_policies/PNOPE00')).json().error.code, 2100);
    });

    it('refuses a policy in use by a service (400, nothing changes), deletes it once free (204)', async () => {
      const p = await buildEscalationPolicy(t, { name: 'Used', targets: [alice.id] });
      const svc = await t.request('POST', '/services', { service: { type: 'service', name: 'Checkout', escalation_policy: { id: p.id, type: 'escalation_policy_reference' } } });
      assert.equal(svc.statusCode, 201, svc.body);
      const shown = (await t.request('GET', `/escalation_policies/${p.id}`)).json().escalation_policy;
      assert.deepEqual(shown.services.map((s: { id: string; type: string }) => [s.id, s.type]), [[svc.json().service.id, 'service_reference']]);
      const del = await t.request('DELETE', `/escalation_policies/${p.id}`);
      assert.equal(del.statusCode, 400);
      assert.match(del.json().error.errors[0], /in use by a service .*Checkout/);
      assert.equal((await t.request('GET', `/escalation_policies/${p.id}`)).statusCode, 200);
      assert.equal((await t.request('DELETE', `/services/${svc.json().service.id}`)).statusCode, 204);
      assert.equal((await t.request('DELETE', `/escalation_policies/${p.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `/escalation_policies/${p.id}`)).statusCode, 404);
      assert.equal((await t.request('DELETE', `/escalation_policies/${p.id}`)).statusCode, 404);
    });

    it('takes a deleted user out of the policy, and refuses deleting a team that owns a policy', async () => {
      const carol = await buildUser(t, { name: 'Carol' });
      const team = await buildTeam(t);
      const p = await buildEscalationPolicy(t, { name: 'Carol policy', targets: [alice.id, carol.id], teamIds: [team.id] });
      assert.equal((await t.request('DELETE', `/users/${carol.id}`)).statusCode, 204);
      const rules = (await t.request('GET', `/escalation_policies/${p.id}`)).json().escalation_policy.escalation_rules;
      assert.deepEqual(rules[0].targets.map((x: { id: string }) => x.id), [alice.id]);
      const dt = await t.request('DELETE', `/teams/${team.id}`);
      assert.equal(dt.statusCode, 400);
      assert.match(dt.json().error.errors[0], /"Carol policy"/);
      assert.equal((await t.request('DELETE', `/escalation_policies/${p.id}`)).statusCode, 204);
      assert.equal((await t.request('DELETE', `/teams/${team.id}`)).statusCode, 204);
    });

    it('puts a policy in a team and takes it out (204), one team at most', async () => {
      const p = await buildEscalationPolicy(t, { targets: [alice.id] });
      const t1 = await buildTeam(t);
      const t2 = await buildTeam(t);
      assert.equal((await t.request('PUT', `/teams/${t1.id}/escalation_policies/${p.id}`)).statusCode, 204);
      assert.equal((await t.request('PUT', `/teams/${t1.id}/escalation_policies/${p.id}`)).statusCode, 204);
      assert.equal((await t.request('PUT', `/teams/${t2.id}/escalation_policies/${p.id}`)).statusCode, 400);
      const teams = (await t.request('GET', `/escalation_policies/${p.id}`)).json().escalation_policy.teams;
      assert.deepEqual(teams.map((x: { id: string }) => x.id), [t1.id]);
      assert.equal((await t.request('DELETE', `/teams/${t1.id}/escalation_policies/${p.id}`)).statusCode, 204);
      assert.deepEqual((await t.request('GET', `/escalation_policies/${p.id}`)).json().escalation_policy.teams, []);
      assert.equal((await t.request('PUT', `/teams/PNOPE00/escalation_policies/${p.id}`)).statusCode, 404);
      assert.equal((await t.request('PUT', `/teams/${t1.id}/escalation_policies/PNOPE00`)).statusCode, 404);
    });

    it('enforces who may write: users yes, limited/read-only no, team managers on their team only', async () => {
      const user = await t.makeUser('user');
      const ok = await t.request('POST', '/escalation_policies', body({ name: 'By user', escalation_rules: [rule([alice.id])] }), { token: user.token });
      assert.equal(ok.statusCode, 201);
      for (const role of ['limited_user', 'observer', 'restricted_access', 'read_only_user', 'read_only_limited_user'] as const) {
        const actor = await t.makeUser(role);
        const res = await t.request('POST', '/escalation_policies', body({ name: `By ${role}`, escalation_rules: [rule([alice.id])] }), { token: actor.token });
        assert.equal(res.statusCode, 403, role);
        assert.equal(res.json().error.code, 2010);
        const put = await t.request('PUT', `/escalation_policies/${ok.json().escalation_policy.id}`, body({ name: 'Pwned' }), { token: actor.token });
        assert.equal(put.statusCode, 403, role);
      }
      const mgr = await buildUser(t, { role: 'limited_user' });
      const mine = await buildTeam(t, { members: [{ userId: mgr.id, role: 'manager' }] });
      const tok = { token: mgr.token };
      const inTeam = await t.request('POST', '/escalation_policies', body({ name: 'Mgr EP', escalation_rules: [rule([mgr.id])], teams: [{ id: mine.id }] }), tok);
      assert.equal(inTeam.statusCode, 201, inTeam.body);
      const noTeam = await t.request('POST', '/escalation_policies', body({ name: 'Mgr EP 2', escalation_rules: [rule([mgr.id])] }), tok);
      assert.equal(noTeam.statusCode, 403);
      const epId = inTeam.json().escalation_policy.id;
      const moveOut = await t.request('PUT', `/escalation_policies/${epId}`, body({ teams: [] }), tok);
      assert.equal(moveOut.statusCode, 403);
      assert.equal((await t.request('PUT', `/escalation_policies/${ok.json().escalation_policy.id}`, body({ name: 'x' }), tok)).statusCode, 403);
      assert.equal((await t.request('DELETE', `/escalation_policies/${epId}`, undefined, tok)).statusCode, 204);
      assert.equal((await t.request('GET', `/escalation_policies/${ok.json().escalation_policy.id}`)).json().escalation_policy.name, 'By user');
      const ro = await createApiToken(t.app.ctx.db, t.app.ctx, { userId: t.ownerId, readOnly: true });
      assert.equal((await t.request('DELETE', `/escalation_policies/${ok.json().escalation_policy.id}`, undefined, { token: ro })).statusCode, 403);
    });
  });
});
