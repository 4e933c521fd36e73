// JSON columns: jsonArrayHas asks the database's JSON functions, so it finds an element by value,
// never by a piece of the serialised text (a LIKE on `"PUSER1"` would also have to know the quoting).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { fromJson, jsonArrayHas, toJson } from './json.js';

forEachDialect((dialect) => {
  describe(`${dialect}: jsonArrayHas`, async () => {
    const { db } = await openTestDatabase(dialect);
    const has = async (value: unknown, element: string | Record<string, string>) => {
      const text = JSON.stringify(value);
      const r = await sql<{ m: number }>`select case when ${jsonArrayHas(db, sql`${text}`, element)} then 1 else 0 end as m`.execute(db);
      return Number(r.rows[0].m) === 1;
    };

    it('finds a string element by its whole value', async () => {
      assert.equal(await has(['PUSER1', 'PUSER2'], 'PUSER2'), true);
      assert.equal(await has(['PUSER12'], 'PUSER1'), false);
      assert.equal(await has(['50% "quoted"'], '50% "quoted"'), true);
      assert.equal(await has([], 'PUSER1'), false);
    });

    it('finds an object element whose named fields all match, whatever else it holds', async () => {
      const targets = [{ type: 'user_reference', id: 'PUSER1' }, { id: 'PSCHED1', type: 'schedule_reference', summary: 'x' }];
      assert.equal(await has(targets, { type: 'schedule_reference', id: 'PSCHED1' }), true);
      assert.equal(await has(targets, { type: 'user_reference', id: 'PSCHED1' }), false);
      assert.equal(await has(targets, { type: 'user_reference', id: 'PUSER' }), false);
    });
  });
});

describe('toJson and fromJson', () => {
  it('round-trip a value, and give the fallback for an absent one', () => {
    const text = toJson({ a: [1, 'b'] });
    assert.deepEqual(fromJson(text, null), { a: [1, 'b'] });
    assert.equal(toJson(null), null);
    assert.deepEqual(fromJson<string[]>(null, []), []);
  });
});
