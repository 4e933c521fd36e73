// The /maintenance_windows responses validated against PagerDuty's own OpenAPI description.
import { pagerDutyRestSpec, specChecker } from '../../test/fixtures/pagerduty/spec.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildEscalationPolicy, buildTeam } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';
import { makeService, MIN } from '../../test/scenarios/helpers.js';

type Json = any;
const spec: Json = pagerDutyRestSpec();
// A window without a description has description null (and summary null) on the wire.
const mw = spec.components.schemas.MaintenanceWindow.allOf[1].properties;
mw.description = { anyOf: [mw.description, { type: 'null' }] };

const { conforms } = specChecker(spec);

forEachDialect((dialect) => {
  describe(`${dialect}: /maintenance_windows conforms to PagerDuty's OpenAPI description`, async () => {
    const t = await buildTestApp(dialect);
    const ep = await buildEscalationPolicy(t);
    const team = await buildTeam(t);
    const svc = await makeService(t, ep.id, { teams: [{ id: team.id, type: 'team_reference' }] });
    const at = (m: number) => new Date(t.clock.now() + m * MIN).toISOString();

    it('POST, GET, PUT, list', async () => {
      for (const description of ['Upgrade', undefined]) {
        const res = await t.request(
          'POST',
          '/maintenance_windows',
          { maintenance_window: { type: 'maintenance_window', start_time: at(1), end_time: at(60), description, services: [{ id: svc.id, type: 'service_reference' }] } },
          { headers: { from: OWNER_EMAIL } },
        );
        assert.equal(res.statusCode, 201, res.body);
        conforms('/maintenance_windows', 'post', 201, res.json());
        const id = res.json().maintenance_window.id;
        conforms('/maintenance_windows/{id}', 'get', 200, (await t.request('GET', `/maintenance_windows/${id}`)).json());
        const put = await t.request('PUT', `/maintenance_windows/${id}`, { maintenance_window: { end_time: at(90) } });
        conforms('/maintenance_windows/{id}', 'put', 200, put.json());
      }
      conforms('/maintenance_windows', 'get', 200, (await t.request('GET', '/maintenance_windows?total=true')).json());
      // The check can fail: a window without its required times does not conform.
      assert.throws(() => conforms('/maintenance_windows/{id}', 'get', 200, { maintenance_window: { type: 'maintenance_window', services: [] } }));
    });
  });
});
