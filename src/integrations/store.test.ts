import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { findIntegrationByKey, integrationByKeyQuery } from './store.js';

forEachDialect((dialect) => {
  describe(`${dialect}: integrations store`, async () => {
    const { db } = await openTestDatabase(dialect);

    it('pins the routing-key lookup: one statement on the unique key index', async () => {
      const q = integrationByKeyQuery(db, 'k').compile();
      const p = dialect === 'postgres' ? ['$1'] : ['?'];
      assert.equal(q.sql, `select * from "integrations" where "integration_key" = ${p[0]} and "deleted_at" is null`);
      if (dialect === 'sqlite') {
        const plan = await sql<{ detail: string }>`explain query plan select * from integrations where integration_key = ${'k'} and deleted_at is null`.execute(db);
        assert.match(plan.rows.map((r) => r.detail).join(' '), /USING INDEX integrations_integration_key_key/);
      }
      assert.equal(await findIntegrationByKey(db, 'f'.repeat(32)), null);
    });
  });
});
