// services: PagerDuty services and their settings; owns the tables services and service_teams, and
// alert_grouping_settings with alert_grouping_setting_services (settings that write services' grouping).
// Offers lookups of services, the service reference, the last-incident stamp and the derived status;
// announces changes through ctx.hooks (service.changed, service.state_changed). It must not import
// incidents, integrations or alerts: what it shows of them comes in through injected functions.
import type { Db } from '../store/db.js';
import { setLastIncidentTimestamp, setLastIncidentTimestamps } from './store.js';

export type {
  Service,
  ServiceStatus,
  ServiceState,
  IncidentUrgencyRule,
  SupportHours,
  ScheduledAction,
  AlertGroupingParameters,
  AlertCreation,
  Urgency,
} from './model.js';
export { deriveStatus } from './model.js';
/** A service by id, deleted ones included (`deletedAt` set). */
export { findServiceById, findServicesByIds } from './store.js';
/** A service by id through the transaction's read cache when it has one (store/tx-cache.ts): once per event-processor batch. */
export { readService } from './read.js';
/** `{id, type: 'service_reference', summary, self, html_url}`. */
export { serviceReference } from './present.js';
/** The derived status of services (disabled, or what the status sources report, else active). */
export { serviceStatuses } from './status.js';
export { registerServiceRoutes } from './routes.js';
/** Services in their wire form (status, policy, teams, integrations), for modules that embed them. */
export { renderServices, type IntegrationsOf } from './render.js';

/** Records that an incident opened on the service at `at` (never moves the stamp backwards). */
export async function touchLastIncident(db: Db, serviceId: string, at: number): Promise<void> {
  await setLastIncidentTimestamp(db, serviceId, at);
}

/** `touchLastIncident` for several services at once (one statement). */
export async function touchLastIncidents(db: Db, serviceIds: string[], at: number): Promise<void> {
  if (serviceIds.length) await setLastIncidentTimestamps(db, serviceIds, at);
}

/** The live services that use each policy, as service references: policy id → references. */
export { listServiceRefsByPolicyIds } from './policy-refs.js';
/** Refuses deleting a team that live services belong to (an accounts InUseCheck). */
export { servicesOfTeam } from './team-check.js';
