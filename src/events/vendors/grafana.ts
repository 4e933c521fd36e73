// Grafana alerting webhooks: unified alerting (Alertmanager-shaped, with Grafana's extra fields),
// and the legacy dashboard alerts (`state` alerting/ok/no_data). Stable keys: the alert's
// fingerprint or label set; legacy: organisation, dashboard, panel and rule ids.
import { inboundEvent, type InboundEvent } from '../model.js';
import { translateAlertList } from './alertmanager.js';
import { stableKey } from './stable-key.js';
import type { TranslateResult } from './types.js';

type Obj = Record<string, unknown>;

export function translateGrafana(body: unknown): TranslateResult {
  const b = (body && typeof body === 'object' ? body : {}) as Obj;
  if (Array.isArray(b.alerts)) return translateAlertList(b, 'grafana', 'grafana-');
  const state = typeof b.state === 'string' ? b.state : null;
  if (!state) return { kind: 'invalid', errors: [`'alerts' is missing or blank`] };
  if (state !== 'alerting' && state !== 'ok' && state !== 'no_data') return { kind: 'ignored', reason: `state ${state}` };
  const dedupKey = stableKey('grafana-legacy', b.orgId ?? null, b.dashboardId ?? null, b.panelId ?? null, b.ruleId ?? b.ruleName ?? null);
  const title = typeof b.title === 'string' && b.title ? b.title : typeof b.ruleName === 'string' ? b.ruleName : 'Grafana alert';
  const ev: InboundEvent = inboundEvent({
    api: 'vendor',
    action: state === 'ok' ? 'resolve' : 'trigger',
    dedupKey,
    channel: 'grafana',
    summary: title.slice(0, 1024),
    source: typeof b.ruleUrl === 'string' ? b.ruleUrl : 'grafana',
    severity: state === 'no_data' ? 'warning' : 'critical',
    class: typeof b.ruleName === 'string' ? b.ruleName : null,
    customDetails: { message: b.message ?? null, evalMatches: b.evalMatches ?? [], tags: b.tags ?? {} },
    links: typeof b.ruleUrl === 'string' ? [{ href: b.ruleUrl, text: 'Grafana rule' }] : [],
    images: typeof b.imageUrl === 'string' && b.imageUrl.startsWith('https://') ? [{ src: b.imageUrl }] : [],
  });
  return { kind: 'events', events: [ev] };
}
