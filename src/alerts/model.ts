// Alerts: the domain types and the pure rules of alert grouping. No I/O.

export type AlertStatus = 'triggered' | 'resolved';
export type AlertSeverity = 'critical' | 'error' | 'warning' | 'info';

export type AlertContext = { type: 'link'; href: string; text?: string } | { type: 'image'; src: string; href?: string; alt?: string };

/** PagerDuty's alert body: `{type: 'alert_body', contexts, details, cef_details}`. */
export interface AlertBody {
  type: 'alert_body';
  contexts: AlertContext[];
  details: unknown;
  cef_details: {
    summary: string;
    source_location: string | null;
    severity: AlertSeverity;
    source_component: string | null;
    event_class: string | null;
    service_group: string | null;
    creation_time: string | null;
    client: string | null;
    client_url: string | null;
    dedup_key: string;
    details: unknown;
  };
}

export interface Alert {
  id: string;
  incidentId: string;
  serviceId: string;
  integrationId: string | null;
  alertKey: string;
  status: AlertStatus;
  severity: AlertSeverity;
  summary: string;
  body: AlertBody | null;
  /** Events applied to this alert: 1 + deduplicated triggers. */
  eventCount: number;
  suppressed: boolean;
  firstTriggerLogEntryId: string | null;
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
}

/**
 * An event as the alerts module applies it (the events module's InboundEvent satisfies it).
 * `api` matters only on `create_incidents` services: v1 and email open incidents keyed directly.
 */
export interface AlertEvent {
  api: 'events_v2' | 'events_v1' | 'email' | 'vendor';
  action: 'trigger' | 'acknowledge' | 'resolve';
  dedupKey: string;
  summary: string;
  source: string | null;
  severity: AlertSeverity;
  timestamp: number | null;
  component: string | null;
  group: string | null;
  class: string | null;
  customDetails: unknown;
  images: Array<{ src: string; href?: string; alt?: string }>;
  links: Array<{ href: string; text?: string }>;
  client: string | null;
  clientUrl: string | null;
  channel: string;
  /** Extra channel fields for the log entries (email: from, subject, body …). */
  channelDetails?: Record<string, unknown>;
}

export function alertBody(e: AlertEvent): AlertBody {
  const contexts: AlertContext[] = [
    ...e.links.map((l) => ({ type: 'link' as const, ...l })),
    ...e.images.map((i) => ({ type: 'image' as const, ...i })),
  ];
  return {
    type: 'alert_body',
    contexts,
    details: e.customDetails ?? null,
    cef_details: {
      summary: e.summary,
      source_location: e.source,
      severity: e.severity,
      source_component: e.component,
      event_class: e.class,
      service_group: e.group,
      creation_time: e.timestamp === null ? null : new Date(e.timestamp).toISOString(),
      client: e.client,
      client_url: e.clientUrl,
      dedup_key: e.dedupKey,
      details: e.customDetails ?? null,
    },
  };
}

/** The value of a grouping field of an alert body: summary, source, severity, component, group, class, custom_details.<path>. */
export function groupingValue(body: AlertBody | null, field: string): string | null {
  if (!body) return null;
  const c = body.cef_details;
  const direct: Record<string, unknown> = {
    summary: c.summary,
    source: c.source_location,
    severity: c.severity,
    component: c.source_component,
    group: c.service_group,
    class: c.event_class,
  };
  let v: unknown;
  if (field in direct) v = direct[field];
  else if (field.startsWith('custom_details.')) {
    v = body.details;
    for (const part of field.slice('custom_details.'.length).split('.')) {
      v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    }
  }
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Content-based grouping: exact match on all (or any) of the fields; an absent field never matches. */
export function contentMatches(a: AlertBody | null, b: AlertBody | null, fields: string[], aggregate: 'all' | 'any'): boolean {
  if (fields.length === 0) return false;
  const same = (f: string) => {
    const x = groupingValue(a, f);
    return x !== null && x === groupingValue(b, f);
  };
  return aggregate === 'all' ? fields.every(same) : fields.some(same);
}

/** Content-based `time_window` 0 means "recommended"; Tocsin uses one hour (documented). */
export const RECOMMENDED_CONTENT_WINDOW_S = 3600;
