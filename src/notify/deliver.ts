import type { Context } from '../context.js';
import { lazyCommit, lazyWrite, type Db } from '../store/db.js';
import { findContactMethodById } from './contacts-store.js';
import type { ContactPayload, WebhookPayload } from './fanout.js';
import { postJson } from './http-post.js';
import type { LinkSigner } from './links.js';
import type { ContactMethod, ContactType, IncidentView, NotifyPorts, OutboxRow, WebhookSubscription } from './model.js';
import { ProviderError, type ContactMessage, type ContactProvider, type SendResult } from './providers.js';
import { signBody } from './signature.js';
import { insertNotificationRecord, notificationTypeOf } from './notification-log-store.js';
import { isTestPayload, testMessage } from './test-notification.js';
import { handoffMessage, isHandoffPayload, type HandoffPayload } from './handoff-model.js';
import { findHandoffRuleById } from './handoff-store.js';
import { isStatusUpdatePayload, statusUpdateMessage, type StatusUpdatePayload } from './status-update-mail.js';
import { findSubscription, recordDeliveryOutcome } from './subscriptions-store.js';

/** What a delivery attempt came to; the worker turns failures into retries or give-ups. */
export type Outcome =
  | { ok: true; skipped?: string }
  | { ok: false; retry: boolean; error: string };

export interface DeliverOptions {
  webhookTimeoutMs: number;
  allowPrivate: boolean;
  /** How long emailed action links stay valid. */
  linkTtlMs: number;
}

export interface Deliverer {
  deliver(row: OutboxRow): Promise<Outcome>;
}

const VERBS: Record<string, string> = {
  'incident.triggered': 'Triggered',
  'incident.escalated': 'Escalated to you',
  'incident.reassigned': 'Reassigned to you',
  'incident.unacknowledged': 'Acknowledgement timed out; triggered again',
  'incident.delegated': 'Delegated to you',
  'incident.responder.added': 'You are asked to respond',
};

/** `+1 555 0100 · https://meet.example/x`: the bridge's number and URL, or null when it has neither. */
export function bridgeText(b: IncidentView['conferenceBridge']): string | null {
  const parts = [b?.conference_number, b?.conference_url].filter((x): x is string => !!x && x.trim() !== '');
  return parts.length ? parts.join(' · ') : null;
}

export function createDeliverer(ctx: Context, ports: NotifyPorts, providers: () => Partial<Record<ContactType, ContactProvider>>, links: LinkSigner, opts: DeliverOptions): Deliverer {
  // Subscriptions change rarely and deliveries are many: a 500 ms cache saves a query per delivery.
  const subs = new Map<string, { at: number; sub: Promise<WebhookSubscription | null> }>();
  function subscription(id: string): Promise<WebhookSubscription | null> {
    const now = Date.now();
    const hit = subs.get(id);
    if (hit && now - hit.at < 500) return hit.sub;
    if (subs.size > 1000) subs.clear();
    const sub = findSubscription(ctx.db, id);
    subs.set(id, { at: now, sub });
    return sub;
  }

  async function deliverWebhook(p: WebhookPayload): Promise<Outcome> {
    const sub = await subscription(p.subscriptionId);
    if (!sub) return { ok: true, skipped: 'subscription deleted' };
    const ping = p.eventType === 'pagey.ping';
    if (!ping && (!sub.active || sub.temporarilyDisabled)) return { ok: true, skipped: 'subscription inactive' };
    const headers: Record<string, string> = {};
    for (const h of sub.customHeaders) headers[h.name.toLowerCase()] = h.value;
    Object.assign(headers, {
      'user-agent': 'PagerDuty-Webhook/V3.0',
      'x-pagerduty-signature': signBody(sub.secret, p.body),
      'x-webhook-id': p.webhookId,
      'x-webhook-subscription': sub.id,
    });
    const r = await postJson(sub.url, p.body, headers, { timeoutMs: opts.webhookTimeoutMs, allowPrivate: opts.allowPrivate });
    if (r.status !== null && r.status >= 200 && r.status < 300) {
      if (sub.consecutiveDrops > 0) await recordDeliveryOutcome(ctx.db, sub.id, false, 3, ctx.clock.now());
      return { ok: true };
    }
    if (r.blocked) return { ok: false, retry: false, error: `refused: ${r.error}` };
    const retry = r.status === null || r.status >= 500 || r.status === 429;
    return { ok: false, retry, error: r.status === null ? (r.error ?? 'no answer') : `HTTP ${r.status}` };
  }

  async function deliverContact(p: ContactPayload, row: OutboxRow): Promise<Outcome> {
    const inc = await ports.findIncident(ctx.db, p.incidentId);
    if (!inc) return { ok: true, skipped: 'incident not found' };
    const responder = p.eventType === 'incident.responder.added';
    if (responder) {
      if (!(await ports.responderPending?.(ctx.db, inc.id, p.userId))) return { ok: true, skipped: 'responder request answered' };
    } else {
      if (inc.status !== 'triggered') return { ok: true, skipped: `incident ${inc.status}` };
      if (!inc.assigneeIds.includes(p.userId)) return { ok: true, skipped: 'no longer assigned' };
    }
    const cm = await findContactMethodById(ctx.db, p.contactMethodId);
    if (!cm) return { ok: true, skipped: 'contact method deleted' };
    const provider = providers()[cm.type];
    if (!provider) return { ok: false, retry: false, error: `no provider is configured for ${cm.type}` };
    const service = await ports.findService(ctx.db, inc.serviceId);
    const htmlUrl = ctx.urls.html(`/incidents/${inc.id}`);
    const now = ctx.clock.now();
    // Acknowledge / resolve links are for assignees; a responder answers the request in the UI.
    const canAct = cm.type === 'email_contact_method' && !responder;
    const link = async (action: 'acknowledge' | 'resolve') =>
      ctx.config.publicUrl + '/notify/actions/' + (await links.sign({ incidentId: inc.id, userId: p.userId, action, expiresAt: now + opts.linkTtlMs }));
    const links2 = canAct ? { acknowledge: await link('acknowledge'), resolve: await link('resolve') } : null;
    const what = VERBS[p.eventType] ?? 'Assigned to you';
    const short = cm.sendShortEmail || cm.type !== 'email_contact_method';
    const subject = `[Tocsin] ${what}: #${inc.number} ${inc.title}`.slice(0, 250);
    const bridge = bridgeText(inc.conferenceBridge);
    const lines = short
      ? [`#${inc.number} ${inc.title} (${inc.urgency}) ${service?.name ?? ''}`.trim(), ...(bridge ? [`Bridge: ${bridge}`] : []), htmlUrl]
      : [
          `${what}: incident #${inc.number}`,
          ...(p.message ? ['', `“${p.message}”`] : []),
          '',
          `Title:    ${inc.title}`,
          `Service:  ${service?.name ?? inc.serviceId}`,
          `Urgency:  ${inc.urgency}`,
          `Status:   ${inc.status}`,
          ...(bridge ? [`Bridge:   ${bridge}`] : []),
          '',
          `View it:  ${htmlUrl}`,
          ...(links2 ? ['', `Acknowledge: ${links2.acknowledge}`, `Resolve:     ${links2.resolve}`, '', 'These links work only for this incident and only until it is resolved.'] : []),
        ];
    const message: ContactMessage = {
      contactType: cm.type,
      address: cm.address,
      countryCode: cm.countryCode,
      label: cm.label,
      userId: p.userId,
      short,
      subject,
      text: lines.join('\n') + '\n',
      incident: { id: inc.id, number: inc.number, title: inc.title, status: inc.status, urgency: inc.urgency, service: service?.name ?? null, htmlUrl, conferenceBridge: inc.conferenceBridge ?? null },
      eventType: p.eventType,
      links: links2,
      notification: { outboxId: row.id, attempt: row.attempt, contactMethodId: cm.id, payload: p },
    };
    let sent: void | SendResult;
    try {
      sent = await provider.send(message);
    } catch (err) {
      const retry = err instanceof ProviderError ? err.retryable : true;
      return { ok: false, retry, error: (err as Error).message ?? String(err) };
    }
    const kind = cm.type.replace(/_contact_method$/, '');
    // Recorded without waiting for the disk: a power loss that drops the records drops the outbox
    // row's delete with them, and the notification is sent again (at least once).
    await lazyCommit(ctx.db, ctx.dialect, async (tx) => {
      await recordSent(tx, cm, p.userId, inc.id, sent?.status ?? 'success');
      await ports.appendLogEntry(tx, {
        incidentId: inc.id,
        type: 'notify_log_entry',
        at: ctx.clock.now(),
        userId: p.userId,
        summary: `Notified ${cm.label} (${kind}) ${cm.address}`,
        notification: { type: `${kind}_notification`, status: sent?.status ?? 'success', address: cm.address },
      });
    });
    return { ok: true };
  }

  /** The record GET /notifications lists (notification_log). */
  async function recordSent(db: Db, cm: ContactMethod, userId: string, incidentId: string | null, status: string): Promise<void> {
    const push = cm.type === 'push_notification_contact_method';
    await insertNotificationRecord(db, {
      id: ctx.ids.id(),
      type: notificationTypeOf(cm.type),
      userId,
      contactMethodId: cm.id,
      incidentId,
      address: push ? null : cm.address,
      status,
      startedAt: ctx.clock.now(),
    });
  }

  async function deliverStatusUpdate(p: StatusUpdatePayload, row: OutboxRow): Promise<Outcome> {
    const provider = providers().email_contact_method;
    if (!provider) return { ok: false, retry: false, error: 'no provider is configured for email_contact_method' };
    const message = await statusUpdateMessage(ctx.db, ctx, ports, p);
    if (!message) return { ok: true, skipped: 'status update or incident gone' };
    try {
      await provider.send({ ...message, notification: { outboxId: row.id, attempt: row.attempt, contactMethodId: '', payload: p } });
    } catch (err) {
      const retry = err instanceof ProviderError ? err.retryable : true;
      return { ok: false, retry, error: (err as Error).message ?? String(err) };
    }
    return { ok: true };
  }

  /** A message about no incident (a test, a handoff notice) through the contact method; logged in GET /notifications. */
  async function deliverStandalone(userId: string, contactMethodId: string, row: OutboxRow, build: (cm: ContactMethod) => ContactMessage): Promise<Outcome> {
    const cm = await findContactMethodById(ctx.db, contactMethodId);
    if (!cm) return { ok: true, skipped: 'contact method deleted' };
    const provider = providers()[cm.type];
    if (!provider) return { ok: false, retry: false, error: `no provider is configured for ${cm.type}` };
    let sent: void | SendResult;
    try {
      sent = await provider.send({ ...build(cm), notification: { outboxId: row.id, attempt: row.attempt, contactMethodId: cm.id, payload: row.payload } });
    } catch (err) {
      const retry = err instanceof ProviderError ? err.retryable : true;
      return { ok: false, retry, error: (err as Error).message ?? String(err) };
    }
    await lazyWrite(ctx.db, ctx.dialect, (tx) => recordSent(tx, cm, userId, null, sent?.status ?? 'success'));
    return { ok: true };
  }

  async function deliverHandoff(p: HandoffPayload, row: OutboxRow): Promise<Outcome> {
    // A rule deleted after its notice was queued: the user no longer asks for it.
    if (!(await findHandoffRuleById(ctx.db, p.ruleId))) return { ok: true, skipped: 'handoff rule deleted' };
    return deliverStandalone(p.userId, p.contactMethodId, row, (cm) => handoffMessage(cm, p, ctx.clock.now(), ctx.urls.html(`/schedules/${p.scheduleId}`)));
  }

  return {
    deliver(row) {
      if (row.kind === 'webhook') return deliverWebhook(row.payload as WebhookPayload);
      if (isTestPayload(row.payload)) {
        const p = row.payload;
        return deliverStandalone(p.userId, p.contactMethodId, row, (cm) => testMessage(cm, ctx.urls.html(`/users/${p.userId}`)));
      }
      if (isHandoffPayload(row.payload)) return deliverHandoff(row.payload, row);
      if (isStatusUpdatePayload(row.payload)) return deliverStatusUpdate(row.payload, row);
      return deliverContact(row.payload as ContactPayload, row);
    },
  };
}
