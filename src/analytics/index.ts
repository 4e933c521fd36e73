// analytics: service-level (and per-integration) incident reporting. Owns incident_facts (one
// summary row per incident, recomputed exactly from its log entries) and analytics_dirty (incidents
// changed since). Offers the PagerDuty analytics endpoints. It reads incidents only through the
// IncidentSource that app.ts builds from the incidents module, and never writes outside its tables.
export { markIncidentDirty, insertFactsBulk } from './store.js';
export { computeFacts } from './model.js';
export { drainDirtyFacts, refreshDirtyFacts, type IncidentSource } from './refresh.js';
export { registerAnalyticsRoutes, type AnalyticsNames } from './routes.js';
/** The names analytics reports show, read through the other modules' index.ts (src/routes.ts). */
export { analyticsNames } from './names.js';
export type { FactEntry, FactIncident } from './model.js';
export { incidentSource } from './source.js';
export { AnalyticsWorker, onIncidentEvent } from './wiring.js';
