import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { BASE_TYPE_ID, type CustomField } from './model.js';
import { deleteField, findField, findFieldNamed, findType, insertField, insertOption, listFieldsOf, listOptions } from './store.js';
import { replaceOptionInValues, upsertValue, valuesOf } from './value-store.js';

const field = (id: string, over: Partial<CustomField> = {}): CustomField => ({
  id,
  namespace: 'incidents',
  typeId: BASE_TYPE_ID,
  name: id.toLowerCase(),
  displayName: `Field ${id}`,
  description: null,
  dataType: 'string',
  fieldType: 'multi_value_fixed',
  defaultValue: ['a'],
  enabled: true,
  createdAt: 1000,
  updatedAt: 1000,
  ...over,
});

forEachDialect((dialect) => {
  describe(`${dialect}: custom fields store`, async () => {
    const { db } = await openTestDatabase(dialect);

    it('has the base type after migrating, and keeps fields of each namespace apart', async () => {
      assert.deepEqual([(await findType(db, 'incident_default'))?.id, (await findType(db, BASE_TYPE_ID))?.name], [BASE_TYPE_ID, 'incident_default']);
      await insertField(db, field('PF00001'));
      await insertField(db, field('PF00002', { namespace: 'services', typeId: null, name: 'pf00001', defaultValue: null, enabled: false }));
      assert.deepEqual(await findField(db, 'PF00001'), field('PF00001'), 'a JSON default and booleans come back as written');
      assert.deepEqual((await listFieldsOf(db, { namespace: 'services', typeId: null })).map((f) => [f.id, f.enabled]), [['PF00002', false]]);
      assert.deepEqual((await listFieldsOf(db, { namespace: 'incidents', typeId: BASE_TYPE_ID })).map((f) => f.id), ['PF00001']);
      assert.equal((await findFieldNamed(db, 'incidents', '', 'FIELD pf00001'))?.id, 'PF00001', 'display names compare without case');
      await assert.rejects(insertField(db, field('PF00003', { name: 'pf00001' })), 'a name is unique in its namespace');
    });

    it('keeps options in the order added, and values of every JSON kind', async () => {
      for (const [i, v] of ['c', 'a', 'b'].entries()) await insertOption(db, { id: `PO0000${i}`, fieldId: 'PF00001', value: v, createdAt: 1, updatedAt: 1 });
      assert.deepEqual((await listOptions(db, ['PF00001'])).map((o) => o.value), ['c', 'a', 'b']);
      await upsertValue(db, 'PINC001', 'PF00001', ['a', 'b'], 5);
      await upsertValue(db, 'PINC002', 'PF00001', ['b'], 5);
      await upsertValue(db, 'PINC001', 'PF00002', 2.5, 5);
      await upsertValue(db, 'PINC003', 'PF00002', false, 5);
      await upsertValue(db, 'PINC001', 'PF00002', null, 6);
      assert.deepEqual(Object.fromEntries(await valuesOf(db, 'PINC001')), { PF00001: ['a', 'b'], PF00002: null });
      assert.deepEqual([...(await valuesOf(db, 'PINC003'))], [['PF00002', false]]);
      await replaceOptionInValues(db, 'PF00001', 'b', 'bee', 7);
      assert.deepEqual((await valuesOf(db, 'PINC002')).get('PF00001'), ['bee']);
      await replaceOptionInValues(db, 'PF00001', 'a', null, 8);
      assert.deepEqual((await valuesOf(db, 'PINC001')).get('PF00001'), ['bee']);
    });

    it('deletes a field with its options and values', async () => {
      await deleteField(db, 'PF00001');
      assert.equal(await findField(db, 'PF00001'), null);
      assert.deepEqual(await listOptions(db, ['PF00001']), []);
      assert.equal((await valuesOf(db, 'PINC002')).size, 0);
    });
  });
});
