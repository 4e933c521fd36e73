// priorities: the account's ordered priorities (P1–P5 by default); owns the table priorities. Incidents
// store a priority id and ask this module to resolve and render it.
export type { Priority } from './model.js';
/** Resolving a client's priority input (reference or name) to an id; admins' edits. */
export { resolvePriority, createPriority, editPriority, removePriority, type PriorityInput, type PriorityInputFields } from './manage.js';
/** Lookups by id and name, and the ordered list. */
export { findPrioritiesByIds, findPriorityByName, listPriorities } from './store.js';
export { toApiPriority, priorityReference } from './present.js';
export { registerPriorityRoutes } from './routes.js';
