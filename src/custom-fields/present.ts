// Domain → wire: incident types, fields, options and values with PagerDuty's field names.
import { iso } from '../clock.js';
import type { Urls } from '../context.js';
import type { CustomField, FieldOption, FieldWithValue, IncidentType } from './model.js';

export function toApiType(urls: Urls, t: IncidentType) {
  return {
    id: t.id,
    type: 'incident_type',
    name: t.name,
    display_name: t.displayName,
    ...(t.description === null ? {} : { description: t.description }),
    enabled: t.enabled,
    ...(t.parentId ? { parent: { id: t.parentId, type: 'incident_type_reference' } } : {}),
    created_at: iso(t.createdAt),
    updated_at: iso(t.updatedAt),
    self: urls.api(`/incidents/types/${t.id}`),
  };
}

export function toApiOption(o: FieldOption) {
  return { id: o.id, type: 'field_option', data: { data_type: 'string', value: o.value }, created_at: iso(o.createdAt), updated_at: iso(o.updatedAt) };
}

/**
 * A field. `self` is its path under the paths that were asked (the base type's deprecated
 * /incidents/custom_fields, /incidents/types/{type}/custom_fields or /services/custom_fields);
 * options only when given.
 */
export function toApiField(urls: Urls, f: CustomField, selfPath: string, options?: FieldOption[]) {
  return {
    id: f.id,
    type: 'field',
    summary: f.displayName,
    self: urls.api(selfPath),
    name: f.name,
    display_name: f.displayName,
    description: f.description,
    data_type: f.dataType,
    field_type: f.fieldType,
    enabled: f.enabled,
    namespace: f.namespace,
    // Service fields have neither a default nor a type.
    ...(f.namespace === 'incidents' ? { default_value: f.defaultValue, incident_type: f.typeId } : {}),
    created_at: iso(f.createdAt),
    updated_at: iso(f.updatedAt),
    ...(options ? { field_options: options.filter((o) => o.fieldId === f.id).map(toApiOption) } : {}),
  };
}

export function toApiValue({ field: f, value }: FieldWithValue) {
  return { id: f.id, type: 'field_value', name: f.name, display_name: f.displayName, description: f.description, data_type: f.dataType, field_type: f.fieldType, value };
}
