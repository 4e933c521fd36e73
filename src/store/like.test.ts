// The one LIKE helper: text is matched literally (%, _ and \ are not wildcards) on both dialects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { escapeLike, likeContains } from './like.js';

forEachDialect((dialect) => {
  describe(`${dialect}: likeContains`, async () => {
    const { db } = await openTestDatabase(dialect);
    const matches = async (value: string, text: string) => {
      const r = await sql<{ m: number }>`select case when ${likeContains(sql`${value}`, text)} then 1 else 0 end as m`.execute(db);
      return Number(r.rows[0].m) === 1;
    };

    it('matches the text anywhere, wildcards included, as written', async () => {
      assert.equal(await matches('disk at 50% used', '50%'), true);
      assert.equal(await matches('disk at 500 used', '50%'), false);
      assert.equal(await matches('db_primary', 'db_p'), true);
      assert.equal(await matches('dbxprimary', 'db_p'), false);
      assert.equal(await matches('C:\\temp', ':\\t'), true);
      assert.equal(await matches('C:temp', ':\\t'), false);
      assert.equal(await matches('anything', ''), true);
    });
  });
});

describe('escapeLike', () => {
  it('prefixes %, _ and the backslash with a backslash', () => {
    assert.equal(escapeLike('a%b_c\\d'), 'a\\%b\\_c\\\\d');
  });
});
