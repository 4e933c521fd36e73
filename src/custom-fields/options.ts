// A fixed field's options: add, rename, remove. Values set on incidents follow a rename or removal;
// the option the field's default value names cannot be removed (PagerDuty keeps it).
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import { LIMITS, isFixed, type CustomField, type FieldOption } from './model.js';
import { deleteOption, insertOption, listOptions, updateOption } from './store.js';
import type { Deps } from './types.js';
import { replaceOptionInValues } from './value-store.js';

async function optionOf(db: Db, field: CustomField, optionId: string): Promise<{ option: FieldOption; all: FieldOption[] }> {
  const all = await listOptions(db, [field.id]);
  const option = all.find((o) => o.id === optionId);
  if (!option) throw new NotFoundError('Field Option', optionId);
  return { option, all };
}

const holds = (field: CustomField, text: string) => (Array.isArray(field.defaultValue) ? field.defaultValue.includes(text) : field.defaultValue === text);

export async function addOption(db: Db, deps: Deps, field: CustomField, value: string): Promise<FieldOption> {
  if (!isFixed(field)) throw new InvalidInputError('Only single_value_fixed and multi_value_fixed fields have field_options.');
  const all = await listOptions(db, [field.id]);
  if (all.length >= LIMITS.optionsPerField) throw new InvalidInputError(`A field may have at most ${LIMITS.optionsPerField} options.`);
  if (all.some((o) => o.value === value)) throw new InvalidInputError(`The field already has the option ${value}.`);
  const now = deps.clock.now();
  const o: FieldOption = { id: deps.ids.id(), fieldId: field.id, value, createdAt: now, updatedAt: now };
  await insertOption(db, o);
  return o;
}

export async function renameOption(db: Db, deps: Deps, field: CustomField, optionId: string, value: string): Promise<FieldOption> {
  const { option, all } = await optionOf(db, field, optionId);
  if (option.value === value) return option;
  if (all.some((o) => o.value === value)) throw new InvalidInputError(`The field already has the option ${value}.`);
  if (holds(field, option.value)) throw new InvalidInputError('The option the field\'s default_value names cannot be changed; change the default first.');
  const next = { ...option, value, updatedAt: deps.clock.now() };
  await updateOption(db, next);
  await replaceOptionInValues(db, field.id, option.value, value, next.updatedAt);
  return next;
}

export async function removeOption(db: Db, deps: Deps, field: CustomField, optionId: string): Promise<void> {
  const { option } = await optionOf(db, field, optionId);
  if (holds(field, option.value)) throw new InvalidInputError('The option the field\'s default_value names cannot be deleted; change the default first.');
  await deleteOption(db, option.id);
  await replaceOptionInValues(db, field.id, option.value, null, deps.clock.now());
}

export async function listOptionsOf(db: Db, field: CustomField): Promise<FieldOption[]> {
  return listOptions(db, [field.id]);
}

export async function loadOption(db: Db, field: CustomField, optionId: string): Promise<FieldOption> {
  return (await optionOf(db, field, optionId)).option;
}
