// The only code that touches incident_types, custom_fields and custom_field_options.
import type { Db } from '../store/db.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import type { CustomField, DataType, FieldOption, FieldType, FieldValue, IncidentType, Namespace, Owner } from './model.js';

interface Tables {
  incident_types: { id: string; name: string; display_name: string; description: string | null; parent_id: string | null; enabled: number; created_at: number; updated_at: number };
  custom_fields: {
    id: string;
    namespace: string;
    type_id: string | null;
    name: string;
    display_name: string;
    description: string | null;
    data_type: string;
    field_type: string;
    default_value: Json<NonNullable<FieldValue>> | null;
    enabled: number;
    created_at: number;
    updated_at: number;
  };
  custom_field_options: { id: string; field_id: string; value: string; position: number; created_at: number; updated_at: number };
}
declare module '../executor.js' {
  interface TableRegistry {
    'custom-fields/store': Tables;
  }
}

const toType = (r: Tables['incident_types']): IncidentType => ({
  id: r.id,
  name: r.name,
  displayName: r.display_name,
  description: r.description,
  parentId: r.parent_id,
  enabled: Number(r.enabled) === 1,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
const typeRow = (t: IncidentType): Tables['incident_types'] => ({
  id: t.id,
  name: t.name,
  display_name: t.displayName,
  description: t.description,
  parent_id: t.parentId,
  enabled: t.enabled ? 1 : 0,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
});
const toField = (r: Tables['custom_fields']): CustomField => ({
  id: r.id,
  namespace: r.namespace as Namespace,
  typeId: r.type_id,
  name: r.name,
  displayName: r.display_name,
  description: r.description,
  dataType: r.data_type as DataType,
  fieldType: r.field_type as FieldType,
  defaultValue: fromJson(r.default_value, null),
  enabled: Number(r.enabled) === 1,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
const fieldRow = (f: CustomField): Tables['custom_fields'] => ({
  id: f.id,
  namespace: f.namespace,
  type_id: f.typeId,
  name: f.name,
  display_name: f.displayName,
  description: f.description,
  data_type: f.dataType,
  field_type: f.fieldType,
  default_value: toJson(f.defaultValue),
  enabled: f.enabled ? 1 : 0,
  created_at: f.createdAt,
  updated_at: f.updatedAt,
});
const toOption = (r: Omit<Tables['custom_field_options'], 'position'>): FieldOption => ({
  id: r.id,
  fieldId: r.field_id,
  value: r.value,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export async function listTypes(db: Db): Promise<IncidentType[]> {
  return (await db.selectFrom('incident_types').selectAll().orderBy('created_at').orderBy('id').execute()).map(toType);
}

/** The type with this id or name. */
export async function findType(db: Db, idOrName: string): Promise<IncidentType | null> {
  const r = await db
    .selectFrom('incident_types')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
  return r ? toType(r) : null;
}

export async function insertType(db: Db, t: IncidentType): Promise<void> {
  await db.insertInto('incident_types').values(typeRow(t)).execute();
}

export async function updateType(db: Db, t: IncidentType): Promise<void> {
  const { id: _id, ...rest } = typeRow(t);
  await db.updateTable('incident_types').set(rest).where('id', '=', t.id).execute();
}

/** Fields of the given types, oldest first. */
export async function listFieldsOfTypes(db: Db, typeIds: readonly string[]): Promise<CustomField[]> {
  if (typeIds.length === 0) return [];
  const rows = await db.selectFrom('custom_fields').selectAll().where('type_id', 'in', [...typeIds]).orderBy('created_at').orderBy('id').execute();
  return rows.map(toField);
}

export async function findField(db: Db, id: string): Promise<CustomField | null> {
  const r = await db.selectFrom('custom_fields').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toField(r) : null;
}

/** The fields of an owner (an incident type, or services), oldest first. */
export async function listFieldsOf(db: Db, owner: Owner): Promise<CustomField[]> {
  if (owner.typeId !== null) return listFieldsOfTypes(db, [owner.typeId]);
  const rows = await db.selectFrom('custom_fields').selectAll().where('namespace', '=', owner.namespace).where('type_id', 'is', null).orderBy('created_at').orderBy('id').execute();
  return rows.map(toField);
}

/** A field of the namespace (any incident type) with this name or, compared without case, this display name. */
export async function findFieldNamed(db: Db, namespace: Namespace, name: string, displayName: string): Promise<CustomField | null> {
  const r = await db
    .selectFrom('custom_fields')
    .selectAll()
    .where('namespace', '=', namespace)
    .where((eb) => eb.or([eb('name', '=', name), eb(eb.fn('lower', ['display_name']), '=', displayName.toLowerCase())]))
    .executeTakeFirst();
  return r ? toField(r) : null;
}

export async function insertField(db: Db, f: CustomField): Promise<void> {
  await db.insertInto('custom_fields').values(fieldRow(f)).execute();
}

export async function updateField(db: Db, f: CustomField): Promise<void> {
  const { id: _id, ...rest } = fieldRow(f);
  await db.updateTable('custom_fields').set(rest).where('id', '=', f.id).execute();
}

/** Deletes the field; its options and the values set on incidents go with it (cascade). */
export async function deleteField(db: Db, id: string): Promise<void> {
  await db.deleteFrom('custom_field_options').where('field_id', '=', id).execute();
  await db.deleteFrom('custom_fields').where('id', '=', id).execute();
}

/** Options of the given fields, in the order they were added. */
export async function listOptions(db: Db, fieldIds: readonly string[]): Promise<FieldOption[]> {
  if (fieldIds.length === 0) return [];
  const rows = await db.selectFrom('custom_field_options').selectAll().where('field_id', 'in', [...fieldIds]).orderBy('field_id').orderBy('position').execute();
  return rows.map(toOption);
}

/** Adds the option after the field's others. */
export async function insertOption(db: Db, o: FieldOption): Promise<void> {
  const last = await db.selectFrom('custom_field_options').select((eb) => eb.fn.max('position').as('p')).where('field_id', '=', o.fieldId).executeTakeFirst();
  const position = last?.p == null ? 0 : Number(last.p) + 1;
  await db.insertInto('custom_field_options').values({ id: o.id, field_id: o.fieldId, value: o.value, position, created_at: o.createdAt, updated_at: o.updatedAt }).execute();
}

export async function updateOption(db: Db, o: FieldOption): Promise<void> {
  await db.updateTable('custom_field_options').set({ value: o.value, updated_at: o.updatedAt }).where('id', '=', o.id).execute();
}

export async function deleteOption(db: Db, id: string): Promise<void> {
  await db.deleteFrom('custom_field_options').where('id', '=', id).execute();
}
