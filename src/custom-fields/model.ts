// Incident types, custom fields, their options and values (PagerDuty's names), and the pure rules:
// which names and kinds are allowed, and whether a value fits a field.

export const BASE_TYPE_ID = 'PBASE00';
export const BASE_TYPE_NAME = 'incident_default';

export interface IncidentType {
  id: string;
  name: string;
  displayName: string;
  description: string | null;
  parentId: string | null;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export const DATA_TYPES = ['boolean', 'integer', 'float', 'string', 'datetime', 'url'] as const;
export type DataType = (typeof DATA_TYPES)[number];
export const FIELD_TYPES = ['single_value', 'single_value_fixed', 'multi_value', 'multi_value_fixed'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A value as the wire carries it: a scalar, a list of strings (multi-value fields), or null (unset). */
export type FieldValue = string | number | boolean | string[] | null;

/** Whose fields: an incident type's (`incidents`) or the services' (no type). */
export type Namespace = 'incidents' | 'services';
export interface Owner {
  namespace: Namespace;
  typeId: string | null;
}

export interface CustomField extends Owner {
  id: string;
  name: string;
  displayName: string;
  description: string | null;
  dataType: DataType;
  fieldType: FieldType;
  defaultValue: FieldValue;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A field and the value an incident or service shows for it. */
export interface FieldWithValue {
  field: CustomField;
  value: FieldValue;
}

export interface FieldOption {
  id: string;
  fieldId: string;
  value: string;
  createdAt: number;
  updatedAt: number;
}

/** PagerDuty's limits (the OpenAPI's maxLength / maxItems and the endpoints' prose). */
export const LIMITS = { fieldsPerType: 10, optionsPerField: 10, name: 50, displayName: 50, description: 1000, value: 200, multiItems: 10 };
/** An option's longest value: 100 on incident fields, 200 on service fields (their schemas' maxLength). */
export const optionLimit = (ns: Namespace) => (ns === 'incidents' ? 100 : 200);

export const isFixed = (f: Pick<CustomField, 'fieldType'>) => f.fieldType === 'single_value_fixed' || f.fieldType === 'multi_value_fixed';
export const isMulti = (f: Pick<CustomField, 'fieldType'>) => f.fieldType === 'multi_value' || f.fieldType === 'multi_value_fixed';

/** Why a field name is refused, or null: lowercase letters, digits and underscores, at most 50. */
export function fieldNameProblem(name: string): string | null {
  if (!/^[a-z0-9_]+$/.test(name)) return 'name may contain only lowercase letters, digits and underscores.';
  if (name.length > LIMITS.name) return `name is too long (maximum is ${LIMITS.name} characters).`;
  return null;
}

/** Why a field's data and field types do not go together, or null: fixed and multi-value fields hold strings. */
export function kindProblem(dataType: DataType, fieldType: FieldType): string | null {
  if (fieldType !== 'single_value' && dataType !== 'string') return `A ${fieldType} field must have the data_type string.`;
  return null;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function scalarProblem(dataType: DataType, v: unknown): string | null {
  switch (dataType) {
    case 'boolean':
      return typeof v === 'boolean' ? null : 'must be a boolean';
    case 'integer':
      return typeof v === 'number' && Number.isSafeInteger(v) ? null : 'must be an integer';
    case 'float':
      return typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number';
    case 'string':
      if (typeof v !== 'string') return 'must be a string';
      return v.length > LIMITS.value ? `must be at most ${LIMITS.value} characters` : null;
    case 'datetime':
      return typeof v === 'string' && DATETIME.test(v) && !Number.isNaN(Date.parse(v)) ? null : 'must be an ISO 8601 date-time';
    case 'url':
      if (typeof v !== 'string' || v.length > LIMITS.value) return `must be a URL of at most ${LIMITS.value} characters`;
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:' ? null : 'must be an http or https URL';
      } catch {
        return 'must be a URL';
      }
  }
}

/**
 * Why `value` cannot be stored in the field, or null. Null always fits (it clears the field); a
 * multi-value field takes a list of distinct strings (at most 10); a fixed field only its options.
 */
export function valueProblem(f: Pick<CustomField, 'name' | 'dataType' | 'fieldType'>, options: readonly string[], value: unknown): string | null {
  if (value === null) return null;
  const say = (why: string) => `The value of ${f.name} ${why}.`;
  const items = isMulti(f) ? value : [value];
  if (!Array.isArray(items)) return say('must be a list of strings');
  if (isMulti(f) && items.length > LIMITS.multiItems) return say(`must have at most ${LIMITS.multiItems} items`);
  if (new Set(items).size !== items.length) return say('must not repeat an item');
  for (const item of items) {
    const why = scalarProblem(f.dataType, item);
    if (why) return say(why);
    if (isFixed(f) && !options.includes(item as string)) return say(`must be one of its options (${options.map((o) => JSON.stringify(o)).join(', ') || 'none'})`);
  }
  return null;
}
