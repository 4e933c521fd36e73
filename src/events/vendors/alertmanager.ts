// Prometheus Alertmanager webhook (payload version 4). One event per alert of the group: firing →
// trigger, resolved → resolve. The dedup key is the alert's identity, never its text: Alertmanager's
// `fingerprint` when present, else a hash of the sorted label set (both stable across repeats).
import { inboundEvent, severityFrom, type InboundEvent } from '../model.js';
import { sortedLabels, stableKey } from './stable-key.js';
import type { TranslateResult } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The shared part of Alertmanager-format payloads (Alertmanager itself and Grafana alerting). */
export function translateAlertList(body: Obj, channel: string, keyPrefix: string): TranslateResult {
  if (!Array.isArray(body.alerts)) return { kind: 'invalid', errors: [`'alerts' is missing or blank`] };
  const common = obj(body.commonLabels);
  const events: InboundEvent[] = [];
  for (const raw of body.alerts as unknown[]) {
    const a = obj(raw);
    const labels = obj(a.labels);
    const annotations = obj(a.annotations);
    const status = str(a.status) ?? str(body.status);
    if (status !== 'firing' && status !== 'resolved') continue;
    const dedupKey = str(a.fingerprint) ? `${keyPrefix}${a.fingerprint as string}` : stableKey(keyPrefix, sortedLabels(labels));
    const name = str(labels.alertname) ?? str(common.alertname) ?? 'alert';
    const summary =
      str(annotations.summary) ??
      str(annotations.description) ??
      `${name}: ${sortedLabels(labels).filter(([k]) => k !== 'alertname').map(([k, v]) => `${k}=${v}`).join(', ')}`;
    const startsAt = str(a.startsAt) ? Date.parse(a.startsAt as string) : NaN;
    const links = [str(a.generatorURL), str(a.dashboardURL), str(a.panelURL)]
      .filter((u): u is string => u !== null)
      .map((href, i) => ({ href, text: ['Source', 'Dashboard', 'Panel'][i] }));
    events.push(
      inboundEvent({
        api: 'vendor',
        action: status === 'firing' ? 'trigger' : 'resolve',
        dedupKey,
        channel,
        summary: summary.slice(0, 1024),
        source: str(labels.instance) ?? str(labels.job) ?? str(body.externalURL) ?? channel,
        severity: severityFrom(labels.severity ?? common.severity, 'error'),
        timestamp: Number.isFinite(startsAt) ? startsAt : null,
        component: str(labels.job) ?? str(labels.service),
        group: str(labels.namespace) ?? str(labels.cluster),
        class: name,
        customDetails: { labels, annotations, ...(a.valueString ? { value: a.valueString } : {}), ...(a.values ? { values: a.values } : {}) },
        links,
      }),
    );
  }
  return events.length ? { kind: 'events', events } : { kind: 'ignored', reason: 'no firing or resolved alerts' };
}

export function translateAlertmanager(body: unknown): TranslateResult {
  const b = obj(body);
  if (b.version !== undefined && b.version !== '4') return { kind: 'invalid', errors: [`'version' is unsupported (expected "4")`] };
  return translateAlertList(b, 'alertmanager', '');
}
