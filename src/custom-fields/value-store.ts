// The only code that touches custom_field_values: the values set on incidents and services (a row
// also for a value cleared to null, so a cleared field does not fall back to its default).
import type { Db } from '../store/db.js';
import { fromJson, jsonText, type Json } from '../store/json.js';
import type { FieldValue } from './model.js';

interface Tables {
  custom_field_values: { object_id: string; field_id: string; value: Json<FieldValue>; updated_at: number };
}
declare module '../executor.js' {
  interface TableRegistry {
    'custom-fields/value-store': Tables;
  }
}

/** The values set on the incident or service, by field id. */
export async function valuesOf(db: Db, objectId: string): Promise<Map<string, FieldValue>> {
  const rows = await db.selectFrom('custom_field_values').select(['field_id', 'value']).where('object_id', '=', objectId).execute();
  return new Map(rows.map((r) => [r.field_id, fromJson(r.value, null)]));
}

export async function upsertValue(db: Db, objectId: string, fieldId: string, value: FieldValue, at: number): Promise<void> {
  await db
    .insertInto('custom_field_values')
    .values({ object_id: objectId, field_id: fieldId, value: jsonText(value), updated_at: at })
    .onConflict((oc) => oc.columns(['object_id', 'field_id']).doUpdateSet({ value: jsonText(value), updated_at: at }))
    .execute();
}

/**
 * A field's option renamed (`next`) or removed (null): every value holding the old text follows,
 * a multi-value list dropping it, a single value becoming null.
 */
export async function replaceOptionInValues(db: Db, fieldId: string, old: string, next: string | null, at: number): Promise<void> {
  const rows = await db.selectFrom('custom_field_values').select(['object_id', 'value']).where('field_id', '=', fieldId).execute();
  for (const r of rows) {
    const v = fromJson(r.value, null);
    if (Array.isArray(v) && v.includes(old)) await upsertValue(db, r.object_id, fieldId, next === null ? v.filter((x) => x !== old) : v.map((x) => (x === old ? next : x)), at);
    else if (v === old) await upsertValue(db, r.object_id, fieldId, next, at);
  }
}
