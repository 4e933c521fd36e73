// custom-fields: PagerDuty's incident types, the custom fields of each type and of services, their
// fixed options, and the values set on incidents and services; owns the tables incident_types,
// custom_fields, custom_field_options and custom_field_values. Depends on accounts (roles), services
// (which service, its teams) and incidents (which incident, its type, its log); incidents reach it
// only through ports the root injects.
export type { IncidentType, CustomField, FieldOption } from './model.js';
/** The type a new incident is created with (by id or name), checked to exist and be enabled. */
export { incidentTypeNameFor } from './types.js';
/** An incident's custom field values in PagerDuty's wire form (GET /incidents/{id}?include[]=custom_fields). */
export { incidentCustomFields } from './values.js';
