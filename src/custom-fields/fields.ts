// Custom fields and their fixed options: create, edit, delete. A field belongs to one owner: an
// incident type (the deprecated /incidents/custom_fields paths are the base type's) or the services
// (which have no default values). Writes need `custom_fields.write`. Limits are PagerDuty's: 10
// options per field; 10 fields per incident type, and (our choice) 10 service fields.
import type { Actor } from '../accounts/index.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import { DATA_TYPES, FIELD_TYPES, LIMITS, fieldNameProblem, isFixed, kindProblem, optionLimit, valueProblem, type CustomField, type DataType, type FieldOption, type FieldType, type Namespace, type Owner } from './model.js';
import { deleteField, findField, findFieldNamed, insertField, insertOption, listFieldsOf, listOptions, updateField } from './store.js';
import { checkConfigWrite, type Deps } from './types.js';
import { addOption, removeOption, renameOption } from './options.js';

export interface OptionInput {
  id?: string;
  data?: { data_type?: string; value?: string };
}

export interface FieldInput {
  name?: string;
  display_name?: string;
  description?: string | null;
  data_type?: string;
  field_type?: string;
  enabled?: boolean;
  default_value?: unknown;
  field_options?: OptionInput[] | null;
}

/** The field of this owner, or a 404. */
export async function loadField(db: Db, owner: Owner, fieldId: string): Promise<CustomField> {
  const f = await findField(db, fieldId);
  if (!f || f.namespace !== owner.namespace || f.typeId !== owner.typeId) throw new NotFoundError('Field', fieldId);
  return f;
}

/** The text of an option as sent, or a 400: data_type string, a value of 1 to 100 (services: 200) characters. */
export function optionText(ns: Namespace, o: OptionInput): string {
  if (o.data?.data_type !== 'string') throw new InvalidInputError('A field option must have the data_type string.');
  const v = o.data.value ?? '';
  if (!v.trim()) throw new InvalidInputError('A field option value cannot be empty.');
  if (v.length > optionLimit(ns)) throw new InvalidInputError(`A field option value is too long (maximum is ${optionLimit(ns)} characters).`);
  return v;
}

function defaultOf(ns: Namespace, input: FieldInput): CustomField['defaultValue'] {
  if (ns === 'services' && input.default_value != null) throw new InvalidInputError('Service fields have no default_value.');
  return (input.default_value ?? null) as CustomField['defaultValue'];
}

function textProblems(input: FieldInput): string[] {
  const out: string[] = [];
  if (input.display_name !== undefined && !input.display_name.trim()) out.push('display_name cannot be empty.');
  if ((input.display_name?.length ?? 0) > LIMITS.displayName) out.push(`display_name is too long (maximum is ${LIMITS.displayName} characters).`);
  if ((input.description?.length ?? 0) > LIMITS.description) out.push(`description is too long (maximum is ${LIMITS.description} characters).`);
  return out;
}

async function displayNameTaken(db: Db, ns: Namespace, displayName: string, self: string | null): Promise<void> {
  const other = await findFieldNamed(db, ns, '', displayName);
  if (other && other.id !== self) throw new InvalidInputError(`A field with the display_name ${displayName} already exists.`);
}

export async function createField(db: Db, deps: Deps, actor: Actor, owner: Owner, input: FieldInput): Promise<{ field: CustomField; options: FieldOption[] }> {
  checkConfigWrite(actor);
  const problems = textProblems(input);
  const name = input.name ?? '';
  const nameWhy = name ? fieldNameProblem(name) : 'name is required.';
  if (nameWhy) problems.push(nameWhy);
  if (!input.display_name) problems.push('display_name is required.');
  if (!DATA_TYPES.includes(input.data_type as DataType)) problems.push(`data_type must be one of ${DATA_TYPES.join(', ')}.`);
  if (!FIELD_TYPES.includes(input.field_type as FieldType)) problems.push(`field_type must be one of ${FIELD_TYPES.join(', ')}.`);
  if (problems.length) throw new InvalidInputError(problems);
  const dataType = input.data_type as DataType;
  const fieldType = input.field_type as FieldType;
  const kindWhy = kindProblem(dataType, fieldType);
  if (kindWhy) throw new InvalidInputError(kindWhy);
  const fixed = isFixed({ fieldType });
  const optionTexts = (input.field_options ?? []).map((o) => optionText(owner.namespace, o));
  if (!fixed && optionTexts.length) throw new InvalidInputError('Only single_value_fixed and multi_value_fixed fields have field_options.');
  if (fixed && optionTexts.length === 0) throw new InvalidInputError('A fixed field needs at least one field option.');
  if (optionTexts.length > LIMITS.optionsPerField) throw new InvalidInputError(`A field may have at most ${LIMITS.optionsPerField} options.`);
  if (new Set(optionTexts).size !== optionTexts.length) throw new InvalidInputError('Field option values must be unique within the field.');
  if ((await listFieldsOf(db, owner)).length >= LIMITS.fieldsPerType) throw new InvalidInputError(`At most ${LIMITS.fieldsPerType} fields are allowed here.`);
  if (await findFieldNamed(db, owner.namespace, name, '')) throw new InvalidInputError(`A field named ${name} already exists.`);
  await displayNameTaken(db, owner.namespace, input.display_name!, null);
  const defaultValue = defaultOf(owner.namespace, input);
  const now = deps.clock.now();
  const field: CustomField = {
    id: deps.ids.id(),
    namespace: owner.namespace,
    typeId: owner.typeId,
    name,
    displayName: input.display_name!,
    description: input.description ?? null,
    dataType,
    fieldType,
    defaultValue,
    enabled: input.enabled ?? true,
    createdAt: now,
    updatedAt: now,
  };
  const why = valueProblem(field, optionTexts, defaultValue);
  if (why) throw new InvalidInputError(`default_value: ${why}`);
  await insertField(db, field);
  const options = optionTexts.map((value) => ({ id: deps.ids.id(), fieldId: field.id, value, createdAt: now, updatedAt: now }));
  for (const o of options) await insertOption(db, o);
  return { field, options };
}

/**
 * Edits a field. `field_options`, when given, is the whole list (PagerDuty's upsert): an entry with
 * an id renames that option, one without is added, an existing option left out is removed.
 */
export async function updateFieldOf(db: Db, deps: Deps, actor: Actor, owner: Owner, fieldId: string, input: FieldInput): Promise<CustomField> {
  checkConfigWrite(actor);
  const old = await loadField(db, owner, fieldId);
  const problems = textProblems(input);
  if (problems.length) throw new InvalidInputError(problems);
  if (input.display_name !== undefined) await displayNameTaken(db, owner.namespace, input.display_name, old.id);
  const next: CustomField = {
    ...old,
    displayName: input.display_name ?? old.displayName,
    description: input.description === undefined ? old.description : input.description,
    enabled: input.enabled ?? old.enabled,
    defaultValue: input.default_value === undefined ? old.defaultValue : defaultOf(owner.namespace, input),
    updatedAt: deps.clock.now(),
  };
  await updateField(db, next);
  if (input.field_options != null) {
    if (!isFixed(old)) throw new InvalidInputError('Only single_value_fixed and multi_value_fixed fields have field_options.');
    const current = await listOptions(db, [old.id]);
    const kept = new Set(input.field_options.map((o) => o.id).filter((id): id is string => !!id));
    for (const o of current) if (!kept.has(o.id)) await removeOption(db, deps, next, o.id);
    for (const o of input.field_options) {
      if (o.id) await renameOption(db, deps, next, o.id, optionText(owner.namespace, o));
      else await addOption(db, deps, next, optionText(owner.namespace, o));
    }
  }
  const why = valueProblem(next, (await listOptions(db, [old.id])).map((o) => o.value), next.defaultValue);
  if (why) throw new InvalidInputError(`default_value: ${why}`);
  return next;
}

/** Deletes the field, its options and every value set on incidents. */
export async function deleteFieldOf(db: Db, actor: Actor, owner: Owner, fieldId: string): Promise<void> {
  checkConfigWrite(actor);
  await loadField(db, owner, fieldId);
  await deleteField(db, fieldId);
}
