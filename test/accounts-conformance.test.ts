// Validates the responses of the users, teams and escalation policies endpoints against PagerDuty's
// OpenAPI description (test/fixtures/pagerduty/rest-openapiv3.json.gz). Where Tocsin follows the real API
// rather than the spec, the spec is patched below (fixtures/pagerduty/spec.ts names the patch).
import { pagerDutyRestSpec, patchAccounts, response, schema, specChecker } from './fixtures/pagerduty/spec.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../src/testing/app.js';
import { buildEscalationPolicy, buildTeam, buildUser } from '../src/testing/builders.js';
import { forEachDialect } from '../src/testing/dialects.js';

type Json = any;
const spec: Json = pagerDutyRestSpec();
// Unset optional text fields are null on the wire (every field present), where the spec says string.
patchAccounts(spec);

const { conformsTo: conforms } = specChecker(spec, { 'tzinfo': true });

forEachDialect((dialect) => {
  describe(`${dialect}: users, teams and escalation policies conform to PagerDuty's OpenAPI`, async () => {
    const t = await buildTestApp(dialect);
    const user = await buildUser(t, { name: 'Conformance user' });
    const team = await buildTeam(t, { name: 'Conformance team', members: [{ userId: user.id, role: 'responder' }] });
    const policy = await buildEscalationPolicy(t, { name: 'Conformance policy', rules: [[user.id], [t.ownerId]], teamIds: [team.id] });

    it('would catch a malformed body (the check can fail)', async () => {
      const me = (await t.request('GET', '/users/me')).json();
      assert.throws(() => conforms(response('/users/me', 'get', 200), { user: { ...me.user, role: 'superuser' } }, 'bad role'));
      assert.throws(() => conforms(schema('Team'), { type: 'team', name: 5 }, 'bad team'));
    });

    it('users: POST, GET (list, one, me), PUT', async () => {
      const created = await t.request('POST', '/users', { user: { name: 'New', email: 'new@example.com', role: 'observer' } }, { headers: { from: 'owner@example.com' } });
      conforms(response('/users', 'post', 201), created.json(), 'POST /users');
      conforms(response('/users', 'get', 200), (await t.request('GET', '/users?total=true')).json(), 'GET /users');
      conforms(response('/users/{id}', 'get', 200), (await t.request('GET', `/users/${user.id}`)).json(), 'GET /users/{id}');
      conforms(response('/users/me', 'get', 200), (await t.request('GET', '/users/me')).json(), 'GET /users/me');
      const put = await t.request('PUT', `/users/${user.id}`, { user: { job_title: 'SRE', description: 'bio' } });
      conforms(response('/users/{id}', 'put', 200), put.json(), 'PUT /users/{id}');
      const inc = (await t.request('GET', `/users/${user.id}?include[]=teams`)).json().user;
      for (const x of inc.teams) conforms(schema('Team'), x, 'included team');
    });

    it('teams: POST, GET (list, one), PUT, members', async () => {
      const created = await t.request('POST', '/teams', { team: { name: 'Another team' } });
      conforms(response('/teams', 'post', 201), created.json(), 'POST /teams');
      conforms(response('/teams', 'get', 200), (await t.request('GET', '/teams')).json(), 'GET /teams');
      conforms(response('/teams/{id}', 'get', 200), (await t.request('GET', `/teams/${team.id}`)).json(), 'GET /teams/{id}');
      const put = await t.request('PUT', `/teams/${team.id}`, { team: { description: 'd' } });
      conforms(response('/teams/{id}', 'put', 200), put.json(), 'PUT /teams/{id}');
      conforms(response('/teams/{id}/members', 'get', 200), (await t.request('GET', `/teams/${team.id}/members`)).json(), 'GET members');
    });

    it('escalation policies: POST, GET (list, one, includes), PUT', async () => {
      const created = await t.request('POST', '/escalation_policies', {
        escalation_policy: { name: 'Conf 2', escalation_rules: [{ escalation_delay_in_minutes: 5, targets: [{ id: user.id, type: 'user_reference' }] }] },
      });
      assert.equal(created.statusCode, 201, created.body);
      conforms(response('/escalation_policies', 'post', 201), created.json(), 'POST /escalation_policies');
      conforms(response('/escalation_policies', 'get', 200), (await t.request('GET', '/escalation_policies?total=true')).json(), 'GET list');
      const one = await t.request('GET', `/escalation_policies/${policy.id}`);
      conforms(response('/escalation_policies/{id}', 'get', 200), one.json(), 'GET /escalation_policies/{id}');
      const put = await t.request('PUT', `/escalation_policies/${policy.id}`, { escalation_policy: { num_loops: 3 } });
      conforms(response('/escalation_policies/{id}', 'put', 200), put.json(), 'PUT /escalation_policies/{id}');
      const inc = (await t.request('GET', `/escalation_policies/${policy.id}?include[]=targets&include[]=teams`)).json().escalation_policy;
      for (const x of inc.teams) conforms(schema('Team'), x, 'included team');
      for (const r of inc.escalation_rules) for (const x of r.targets) conforms(schema('User'), x, 'included target');
    });
  });
});
