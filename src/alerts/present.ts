// Alerts in PagerDuty's wire shape. The caller passes the references it has already built
// (service, incident, integration), so this file needs no other module.
import { Type, type Static } from 'typebox';
import { iso } from '../clock.js';
import { AnyJson, Nullable, NullableRef, ReferenceSchema } from '../http/schemas.js';
import { reference, type Reference, type Urls } from '../http/urls.js';
import type { Alert } from './model.js';

export const AlertSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('alert'),
  summary: Type.String(),
  self: Type.String(),
  html_url: Type.String(),
  created_at: Type.String(),
  status: Type.String(),
  alert_key: Type.String(),
  // References, or with include[] (services, first_trigger_log_entries, incidents) the full objects.
  service: NullableRef,
  first_trigger_log_entry: NullableRef,
  incident: NullableRef,
  suppressed: Type.Boolean(),
  severity: Type.String(),
  integration: Nullable(ReferenceSchema),
  body: AnyJson,
  resolved_at: Nullable(Type.String()),
});
export type ApiAlert = Static<typeof AlertSchema>;

/**
 * `/incidents/{incident}/alerts/{id}` (PagerDuty's alert self). The html_url nests the same way, not
 * PagerDuty's `/alerts/{id}`: an alert is shown on its incident's page, which the UI finds from the path.
 */
export function alertReference(urls: Urls, a: Pick<Alert, 'id' | 'incidentId' | 'summary'>): Reference {
  return reference(urls, 'alert', a.id, a.summary, `/incidents/${a.incidentId}/alerts/${a.id}`);
}

/** Renders an alert; references the caller could not build are null. */
export function presentAlert(
  urls: Urls,
  a: Alert,
  refs: { service: unknown; incident: unknown; integration: Reference | null; firstTriggerLogEntry?: unknown },
): ApiAlert {
  const self = alertReference(urls, a);
  return {
    id: a.id,
    type: 'alert',
    summary: a.summary,
    self: self.self!,
    html_url: self.html_url!,
    created_at: iso(a.createdAt)!,
    status: a.status,
    alert_key: a.alertKey,
    service: refs.service,
    first_trigger_log_entry: refs.firstTriggerLogEntry
      ? refs.firstTriggerLogEntry
      : a.firstTriggerLogEntryId
      ? reference(urls, 'trigger_log_entry', a.firstTriggerLogEntryId, 'Triggered through the API.', `/log_entries/${a.firstTriggerLogEntryId}`, `/incidents/${a.incidentId}/log_entries/${a.firstTriggerLogEntryId}`)
      : null,
    incident: refs.incident,
    suppressed: a.suppressed,
    severity: a.severity,
    integration: refs.integration,
    body: a.body ?? { type: 'alert_body', contexts: [], details: null },
    resolved_at: iso(a.resolvedAt),
  };
}
