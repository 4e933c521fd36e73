// PagerDuty's legacy v2 webhook body ("Generic V2 Webhook" extensions): {"messages":[{event, id,
// created_on, incident, log_entries, webhook}]}, the incident and log entries in their REST v2 forms.
import { iso } from '../clock.js';
import type { Context } from '../context.js';
import { listLogEntries, Lookups, toApiIncident, toApiLogEntry, type Incident } from '../incidents/index.js';
import { postJson, type Outcome } from '../notify/index.js';
import type { Db } from '../store/db.js';
import type { Extension } from './model.js';

export interface V2Payload {
  extensionId: string;
  schema: 'generic_v2_webhook';
  messageId: string;
  event: string;
  /** The body, rendered when the change happened (in its transaction), so a retry sends the same bytes. */
  body: string;
}

const LOG_TYPE_OF: Readonly<Record<string, string>> = {
  'incident.trigger': 'trigger_log_entry',
  'incident.acknowledge': 'acknowledge_log_entry',
  'incident.unacknowledge': 'unacknowledge_log_entry',
  'incident.resolve': 'resolve_log_entry',
  'incident.assign': 'assign_log_entry',
  'incident.escalate': 'escalate_log_entry',
  'incident.delegate': 'assign_log_entry',
  'incident.annotate': 'annotate_log_entry',
};

/** The v2 message for an incident change, with the log entry the change wrote. */
export async function v2Body(db: Db, deps: Pick<Context, 'urls'>, ext: Extension, inc: Incident, event: string, messageId: string, at: number): Promise<string> {
  const lk = new Lookups(db, deps.urls);
  await lk.loadForIncidents([inc]);
  // The entry the change wrote: the newest of the event's own type, else the newest that is not a
  // notification record (those are written after the change, by deliveries and reachability checks).
  const { items: recent } = await listLogEntries(db, { incidentId: inc.id }, { limit: 20, offset: 0 });
  const own = recent.find((e) => e.type === LOG_TYPE_OF[event]) ?? recent.find((e) => e.type !== 'notify_log_entry');
  const items = own ? [own] : [];
  const service = lk.serviceRef(inc.serviceId);
  const message = {
    event,
    id: messageId,
    created_on: iso(at),
    incident: toApiIncident(lk, inc),
    log_entries: items.map((e) => toApiLogEntry(lk, e)),
    webhook: {
      endpoint_url: ext.endpointUrl,
      name: ext.name,
      description: null,
      webhook_object: service,
      config: ext.config,
      outbound_integration: { id: ext.schemaId, type: 'outbound_integration_reference', summary: 'Generic V2 Webhook', self: null, html_url: null },
      accounts_addon: null,
      id: ext.id,
      type: 'webhook_endpoint',
      summary: ext.name,
      self: deps.urls.api(`/extensions/${ext.id}`),
      html_url: null,
    },
  };
  return JSON.stringify({ messages: [message] });
}

/** POSTs the stored body: 2xx delivered; timeouts, 5xx and 429 retried; other answers dropped. */
export async function deliverV2(ext: Extension, p: V2Payload, opts: { timeoutMs: number; allowPrivate: boolean }): Promise<Outcome & { dropped?: boolean }> {
  if (!ext.endpointUrl) return { ok: true, skipped: 'no endpoint_url' };
  const r = await postJson(ext.endpointUrl, p.body, { 'user-agent': 'PagerDuty-Webhook/V2.0', 'x-webhook-id': p.messageId }, opts);
  if (r.status !== null && r.status >= 200 && r.status < 300) return { ok: true };
  if (r.blocked) return { ok: false, retry: false, error: `refused: ${r.error}`, dropped: true };
  const retry = r.status === null || r.status >= 500 || r.status === 429;
  return { ok: false, retry, error: r.status === null ? (r.error ?? 'no answer') : `HTTP ${r.status}`, dropped: !retry };
}
