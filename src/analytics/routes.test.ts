import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePolicy, makeService } from '../incidents/test-fixtures.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';

forEachDialect((dialect) => {
  describe(`${dialect}: analytics filters`, async () => {
    const t = await buildTestApp(dialect);

    it('refuses a min_* count past a 4-byte integer with a 400 (PostgreSQL failed the query with a 500)', async () => {
      for (const path of ['/analytics/metrics/incidents/all', '/analytics/metrics/incidents/services/all', '/analytics/raw/incidents']) {
        for (const field of ['min_ackowledgements', 'min_timeout_escalations', 'min_manual_escalations']) {
          const r = await t.request('POST', path, { filters: { [field]: 2_147_483_648 } });
          assert.equal(r.statusCode, 400, `${path} ${field}: ${r.body}`);
          assert.equal(r.json().error.code, 2001);
        }
        const ok = await t.request('POST', path, { filters: { min_manual_escalations: 2_147_483_647 } });
        assert.equal(ok.statusCode, 200, `${path}: ${ok.body}`);
      }
    });

    it('filters by priority_ids and priority_names (either matches; an unknown name matches nothing)', async () => {
      const ctx = t.app.ctx;
      const policyId = await makePolicy(ctx, [[t.ownerId]]);
      const serviceId = await makeService(ctx, policyId);
      const from = { headers: { from: OWNER_EMAIL } };
      const make = async (priority?: string) =>
        (await t.request('POST', '/incidents', { incident: { type: 'incident', title: `p ${priority}`, service: { id: serviceId, type: 'service_reference' }, ...(priority ? { priority } : {}) } }, from)).json().incident;
      const p1 = await make('P1');
      await make('P3');
      await make();
      const window = { created_at_start: new Date(t.clock.now() - 86_400_000).toISOString(), created_at_end: new Date(t.clock.now() + 86_400_000).toISOString() };
      const count = async (filters: Record<string, unknown>) =>
        (await t.request('POST', '/analytics/metrics/incidents/all', { filters: { ...window, service_ids: [serviceId], ...filters } })).json().data[0]?.total_incident_count ?? 0;
      assert.equal(await count({}), 3);
      assert.equal(await count({ priority_ids: [p1.priority.id] }), 1);
      assert.equal(await count({ priority_names: ['P1', 'P3'] }), 2);
      assert.equal(await count({ priority_ids: [p1.priority.id], priority_names: ['P3'] }), 2);
      assert.equal(await count({ priority_names: ['NOPE'] }), 0);
      const raw = await t.request('POST', '/analytics/raw/incidents', { filters: { ...window, service_ids: [serviceId], priority_names: ['p3'] } });
      assert.equal(raw.json().data.length, 1);
    });
  });
});
