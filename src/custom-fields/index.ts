// custom-fields: PagerDuty's incident types, the custom fields of each type, their fixed options, and
// the values set on incidents; owns the tables incident_types, incident_custom_fields,
// incident_custom_field_options and incident_custom_field_values. Depends on accounts (roles) and
// incidents (which incident, its type, its log); incidents reach it only through ports the root injects.
export type { IncidentType, CustomField, FieldOption } from './model.js';
/** The type a new incident is created with (by id or name), checked to exist and be enabled. */
export { incidentTypeNameFor } from './types.js';
