// business: PagerDuty's business services and service dependencies, and the impact of open incidents
// on business services; owns the tables business_services, service_dependencies,
// business_impact_overrides, business_priority_thresholds and business_account_subscriptions.
// Depends on accounts (teams, roles), services (technical services), incidents and priorities.
export type { BusinessService, Dependency } from './model.js';
/** Lookups by id (status-updates checks a subscribed business service and its team). */
export { findBusinessServicesByIds } from './store.js';
/** Which business services an incident impacts now (status updates reach their subscribers). */
export { businessServicesImpactedBy } from './impacts.js';
