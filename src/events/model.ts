// The event path's domain types: what an inbound event is once validated, whatever door it came
// through (Events API v2, v1, email, a vendor's webhook). Pure; no I/O.

export type EventAction = 'trigger' | 'acknowledge' | 'resolve';
export type Severity = 'critical' | 'error' | 'warning' | 'info';
export const ACTIONS: readonly EventAction[] = ['trigger', 'acknowledge', 'resolve'];
export const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning', 'info'];

/**
 * Which API the event came through. It decides the semantics on a `create_incidents` service
 * (v1 and email open incidents keyed by incident_key; v2 and vendors always make alerts).
 */
export type EventApi = 'events_v2' | 'events_v1' | 'email' | 'vendor';

export interface EventImage {
  src: string;
  href?: string;
  alt?: string;
}
export interface EventLink {
  href: string;
  text?: string;
}

/** A validated, normalised event, as the inbox stores it (JSON) and the processor applies it. */
export interface InboundEvent {
  api: EventApi;
  action: EventAction;
  dedupKey: string;
  /** Trigger fields; empty strings / nulls for acknowledge and resolve. */
  summary: string;
  source: string | null;
  severity: Severity;
  /** The event's own time (payload.timestamp), epoch ms, or null. */
  timestamp: number | null;
  component: string | null;
  group: string | null;
  class: string | null;
  customDetails: unknown;
  images: EventImage[];
  links: EventLink[];
  client: string | null;
  clientUrl: string | null;
  /**
   * The log entry channel type: 'api', 'email', or the vendor's translator name
   * ('alertmanager', 'grafana', 'cloudwatch', 'datadog').
   */
  channel: string;
  /** The raw body as received (for the integration's event log and the alert body's cef_details). */
  raw?: unknown;
}

/** What the processor did with an inbox event; kept on the row as the integration's event log. */
export type EventOutcome =
  | 'alert_created'
  | 'incident_created'
  | 'grouped'
  | 'deduplicated'
  | 'acknowledged'
  | 'resolved'
  | 'dropped_no_open_alert'
  | 'dropped_service_disabled'
  | 'dropped_maintenance'
  | 'dropped_integration_deleted'
  | 'dropped_service_deleted'
  | 'failed';

/** Fills defaults for the fields a caller (email, vendors) may leave out. */
export function inboundEvent(e: Partial<InboundEvent> & Pick<InboundEvent, 'api' | 'action' | 'dedupKey' | 'channel'>): InboundEvent {
  return {
    summary: '',
    source: null,
    severity: 'error',
    timestamp: null,
    component: null,
    group: null,
    class: null,
    customDetails: null,
    images: [],
    links: [],
    client: null,
    clientUrl: null,
    ...e,
  };
}

/** Maps a free-form severity word (vendors, email) onto the four PagerDuty levels. */
export function severityFrom(word: unknown, fallback: Severity = 'error'): Severity {
  const w = typeof word === 'string' ? word.trim().toLowerCase() : '';
  if (w === 'critical' || w === 'crit' || w === 'page' || w === 'fatal' || w === 'p1' || w === 'emergency' || w === 'alert') return 'critical';
  if (w === 'error' || w === 'err' || w === 'high' || w === 'major' || w === 'p2') return 'error';
  if (w === 'warning' || w === 'warn' || w === 'medium' || w === 'minor' || w === 'p3') return 'warning';
  if (w === 'info' || w === 'informational' || w === 'low' || w === 'none' || w === 'ok' || w === 'p4' || w === 'p5') return 'info';
  return fallback;
}

/** One event as the group commit writes it. */
export interface NewInboxEvent {
  id: string;
  integrationId: string;
  serviceId: string;
  event: InboundEvent;
  receivedAt: number;
}

/** A change event as stored (change_events). */
export interface ChangeEvent {
  id: string;
  serviceId: string;
  integrationId: string;
  routingKey: string;
  summary: string;
  source: string | null;
  timestamp: number;
  links: EventLink[];
  images: EventImage[];
  customDetails: unknown;
  teamIds: string[];
  createdAt: number;
}
