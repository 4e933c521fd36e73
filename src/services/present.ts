import { isoIn } from '../time-zone.js';
import { reference, type Reference, type Urls } from '../http/urls.js';
import type { Service, ServiceStatus } from './model.js';

/** A service reference: `{id, type: service_reference, summary, self, html_url}`. */
export function serviceReference(urls: Urls, s: { id: string; name: string }): Reference {
  return reference(urls, 'service', s.id, s.name, `/services/${s.id}`, `/service-directory/${s.id}`);
}

/** ISO-8601 text of an epoch-ms time in a time zone, with its offset ("2015-11-06T11:12:51-05:00"). */
export { isoIn } from '../time-zone.js';

export interface ServiceExtras {
  status: ServiceStatus;
  /** The policy reference, or the full policy object with include[]=escalation_policies. */
  escalationPolicy: unknown;
  /** Team references, or full team objects with include[]=teams. */
  teams: unknown[];
  /** Integration references, or full integration objects with include[]=integrations. */
  integrations: unknown[];
  timeZone: string | null;
}

/** The wire form of a service, every field present. */
export function toApiService(urls: Urls, s: Service, x: ServiceExtras) {
  const g = s.alertGroupingParameters;
  return {
    ...serviceReference(urls, s),
    type: 'service' as const,
    name: s.name,
    description: s.description,
    auto_resolve_timeout: s.autoResolveTimeout,
    acknowledgement_timeout: s.acknowledgementTimeout,
    created_at: isoIn(s.createdAt, x.timeZone),
    status: x.status,
    last_incident_timestamp: isoIn(s.lastIncidentTimestamp, x.timeZone),
    escalation_policy: x.escalationPolicy,
    response_play: null,
    teams: x.teams,
    integrations: x.integrations,
    incident_urgency_rule: s.incidentUrgencyRule,
    support_hours: s.supportHours,
    scheduled_actions: s.scheduledActions,
    addons: [] as unknown[],
    alert_creation: s.alertCreation,
    alert_grouping_parameters: g,
    // The deprecated flat grouping fields, derived from the parameters.
    alert_grouping: g.type === 'time' || g.type === 'intelligent' ? g.type : null,
    alert_grouping_timeout: g.type === 'time' ? g.config.timeout : null,
    auto_pause_notifications_parameters: s.autoPauseNotificationsParameters,
  };
}
