// Datadog webhooks. The payload is a template the user writes; Tocsin reads Datadog's documented
// variables under their usual names: title ($EVENT_TITLE), body ($EVENT_MSG), alert_transition
// ($ALERT_TRANSITION: Triggered, Re-Triggered, Warn, No Data, Recovered …), alert_type
// ($ALERT_TYPE: error, warning, success, info), aggreg_key ($AGGREG_KEY), alert_id ($ALERT_ID),
// alert_scope, hostname, priority, link, id. The dedup key is the aggregation key (stable per monitor
// and group), else the monitor id and scope.
import { inboundEvent, severityFrom } from '../model.js';
import { stableKey } from './stable-key.js';
import type { TranslateResult } from './types.js';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null);

export function translateDatadog(body: unknown): TranslateResult {
  const b = (body && typeof body === 'object' ? body : {}) as Obj;
  const title = str(b.title) ?? str(b.event_title) ?? str(b.alert_title);
  if (!title) return { kind: 'invalid', errors: [`'title' is missing or blank`] };
  const transition = (str(b.alert_transition) ?? '').toLowerCase();
  const type = (str(b.alert_type) ?? '').toLowerCase();
  const resolve = transition === 'recovered' || type === 'success' || transition === 'resolved';
  const dedupKey = str(b.aggreg_key) ?? (str(b.alert_id) ? stableKey('datadog', b.alert_id, b.alert_scope ?? null) : stableKey('datadog', title, b.hostname ?? null));
  const priority = (str(b.priority) ?? '').toLowerCase();
  const severity = priority === 'p1' ? 'critical' : type === 'warning' || transition === 'warn' || transition === 'no data' ? 'warning' : severityFrom(type, 'error');
  const link = str(b.link) ?? str(b.url);
  const ts = Number(b.date ?? b.last_updated);
  return {
    kind: 'events',
    events: [
      inboundEvent({
        api: 'vendor',
        action: resolve ? 'resolve' : 'trigger',
        dedupKey,
        channel: 'datadog',
        summary: title.slice(0, 1024),
        source: str(b.hostname) ?? str(b.alert_scope) ?? 'datadog',
        severity,
        timestamp: Number.isFinite(ts) && ts > 0 ? (ts < 1e12 ? ts * 1000 : ts) : null,
        component: str(b.alert_metric),
        group: str(b.alert_scope),
        class: str(b.alert_query) ?? str(b.event_type),
        customDetails: b,
        links: link ? [{ href: link, text: 'Datadog' }] : [],
      }),
    ],
  };
}
