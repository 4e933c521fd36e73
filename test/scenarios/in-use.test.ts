// Deleting a team or a user that other things still depend on is refused with a clear 400, and
// allowed once the dependency is gone (PagerDuty: team "has existing associations"; a user with
// assigned incidents cannot be deleted).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL } from '../../src/testing/app.js';
import { buildEscalationPolicy, buildTeam, buildUser } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { createIncident, makeService, updateIncident } from './helpers.js';

forEachDialect((dialect) => {
  describe(`${dialect}: deleting what is still in use`, async () => {
    const t = await buildTestApp(dialect);
    const policy = await buildEscalationPolicy(t);

    it('refuses to delete a team that a service belongs to, until the service is gone', async () => {
      const team = await buildTeam(t, { name: 'Payments Team' });
      const svc = await makeService(t, policy.id, { teams: [{ id: team.id, type: 'team_reference' }] });
      const refused = await t.request('DELETE', `/teams/${team.id}`);
      assert.equal(refused.statusCode, 400, refused.body);
      assert.match(refused.json().error.errors.join(' '), new RegExp(svc.name));
      assert.equal((await t.request('GET', `/teams/${team.id}`)).statusCode, 200, 'nothing changed');
      assert.equal((await t.request('DELETE', `/services/${svc.id}`)).statusCode, 204);
      assert.equal((await t.request('DELETE', `/teams/${team.id}`)).statusCode, 204);
    });

    it('refuses to delete a user with an open assigned incident, until it is resolved', async () => {
      const carol = await buildUser(t, { name: 'Carol' });
      const svc = await makeService(t, policy.id);
      const incident = await createIncident(t, svc.id, { assignments: [{ assignee: { id: carol.id, type: 'user_reference' } }] });
      const refused = await t.request('DELETE', `/users/${carol.id}`);
      assert.equal(refused.statusCode, 400, refused.body);
      assert.match(refused.json().error.errors.join(' '), /open incident/);
      assert.equal((await t.request('GET', `/users/${carol.id}`)).statusCode, 200, 'nothing changed');
      await updateIncident(t, incident.id, { status: 'resolved' });
      const done = await t.request('DELETE', `/users/${carol.id}`, undefined, { headers: { from: OWNER_EMAIL } });
      assert.equal(done.statusCode, 204, done.body);
    });
  });
});
