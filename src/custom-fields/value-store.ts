// The only code that touches incident_custom_field_values: the values set on incidents (a row also
// for a value cleared to null, so a cleared field does not fall back to its default).
import type { Db } from '../store/db.js';
import type { FieldValue } from './model.js';

interface Tables {
  incident_custom_field_values: { incident_id: string; field_id: string; value: string; updated_at: number };
}
declare module '../executor.js' {
  interface TableRegistry {
    'custom-fields/value-store': Tables;
  }
}

/** The values set on the incident, by field id. */
export async function valuesOf(db: Db, incidentId: string): Promise<Map<string, FieldValue>> {
  const rows = await db.selectFrom('incident_custom_field_values').select(['field_id', 'value']).where('incident_id', '=', incidentId).execute();
  return new Map(rows.map((r) => [r.field_id, JSON.parse(r.value) as FieldValue]));
}

export async function upsertValue(db: Db, incidentId: string, fieldId: string, value: FieldValue, at: number): Promise<void> {
  await db
    .insertInto('incident_custom_field_values')
    .values({ incident_id: incidentId, field_id: fieldId, value: JSON.stringify(value), updated_at: at })
    .onConflict((oc) => oc.columns(['incident_id', 'field_id']).doUpdateSet({ value: JSON.stringify(value), updated_at: at }))
    .execute();
}

/**
 * A field's option renamed (`next`) or removed (null): every value holding the old text follows,
 * a multi-value list dropping it, a single value becoming null.
 */
export async function replaceOptionInValues(db: Db, fieldId: string, old: string, next: string | null, at: number): Promise<void> {
  const rows = await db.selectFrom('incident_custom_field_values').select(['incident_id', 'value']).where('field_id', '=', fieldId).execute();
  for (const r of rows) {
    const v = JSON.parse(r.value) as FieldValue;
    if (Array.isArray(v) && v.includes(old)) await upsertValue(db, r.incident_id, fieldId, next === null ? v.filter((x) => x !== old) : v.map((x) => (x === old ? next : x)), at);
    else if (v === old) await upsertValue(db, r.incident_id, fieldId, next, at);
  }
}
