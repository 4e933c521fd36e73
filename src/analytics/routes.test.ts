import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../testing/app.js';
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
  });
});
