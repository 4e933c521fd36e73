// notify: contact methods and notification rules of users, v3 webhook subscriptions, and the
// transactional outbox that delivers both (webhooks, email, provider-delivered SMS/phone/push).
// Owns the tables contact_methods, notification_rules, webhook_subscriptions, notify_outbox,
// notify_keys. Other modules reach it through ctx.hooks (incident.event, service.changed), wired in
// app.ts; it reaches them only through the NotifyPorts app.ts hands it.
import type { Context } from '../context.js';
import type { HookEvents } from '../hooks.js';
import type { Db } from '../store/db.js';
import { createDeliverer, type DeliverOptions, type Outcome } from './deliver.js';
import { fanOutIncidentEvent, fanOutServiceChanged } from './fanout.js';
import { LinkSigner } from './links.js';
import type { ContactType, NotifyPorts, OutboxKind, OutboxRow } from './model.js';
import { insertOutboxRows, purgeDeadBefore } from './outbox-store.js';
import { findNotifier, setNotifier } from './registry.js';
import { httpProvider, smtpProvider, type ContactProvider } from './providers.js';
import { dropPendingOfTarget } from './outbox-store.js';
import { recordDeliveryOutcome, reenableExpired } from './subscriptions-store.js';
import { OutboxWorker, type WorkerOptions } from './worker.js';
import { probeRelay, RelayHealth } from './relay-health.js';

export type { NotifyPorts, IncidentView, ServiceView, NotifyLogInput } from './model.js';
export type { ContactProvider, ContactMessage } from './providers.js';
export { ProviderError } from './providers.js';
/** The SMTP relay: a one-off reachability probe (tocsin doctor) and its URL with the password masked. */
export { probeRelay, describeRelay } from './relay-health.js';
export { signBody, verifySignature } from './signature.js';
/** Outbound HTTP with the webhook rules (timeout, private-address guard), for other outbox kinds. */
export { postJson, type PostResult } from './http-post.js';
export { urlProblem } from './ssrf.js';
export type { Outcome } from './deliver.js';
export type { OutboxRow } from './model.js';
export { registerNotifyRoutes } from './routes.js';
export { registerNotifyPublicRoutes } from './action-routes.js';
/** For users' `include[]=contact_methods|notification_rules` (accounts may embed them). */
export { listContactMethods, listNotificationRules } from './contacts-store.js';
/** Contact methods per type, over all users (tocsin doctor). */
export { countContactMethodsByType } from './contacts-store.js';
export { toApiContactMethod, toApiNotificationRule, contactMethodReference } from './present.js';

export interface NotifierOptions {
  ports?: NotifyPorts;
  /** How often an unreachable SMTP relay is probed again (default 30 s). */
  relayRetryMs?: number;
  /** Providers by contact type; defaults: SMTP relay for email, the generic HTTP provider for the rest. */
  providers?: Partial<Record<ContactType, ContactProvider>>;
  worker?: Partial<WorkerOptions>;
  webhookTimeoutMs?: number;
  linkTtlMs?: number;
}

/** Incident changes (CONTRACTS.md): the same as emitting `incident.event` through ctx.hooks. */
export async function notifyIncidentEvent(db: Db, ctx: Context, ev: HookEvents['incident.event']): Promise<void> {
  await getNotifier(ctx).onIncidentEvent(db, ev);
}

export interface Notifier {
  /** The seams to other modules; app.ts fills them, tests may replace them. */
  ports: NotifyPorts;
  providers: Partial<Record<ContactType, ContactProvider>>;
  worker: OutboxWorker;
  /** Watches the SMTP relay and logs when it cannot be reached and when it is back; null without a relay. */
  relay: RelayHealth | null;
  /** Delivery settings, read at each attempt (tests shorten the webhook timeout). */
  delivery: DeliverOptions;
  links: LinkSigner;
  /** Deliverers of other modules' outbox kinds (extensions), registered at wiring time. */
  deliverers: Partial<Record<OutboxKind, (row: OutboxRow) => Promise<Outcome>>>;
  /** Wakes the delivery worker soon (after the enqueuing transaction has likely committed). */
  kickSoon(): void;
  onIncidentEvent(db: Db, ev: HookEvents['incident.event']): Promise<void>;
  onServiceChanged(db: Db, ev: HookEvents['service.changed']): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** The notifier app.ts made for this context (tests reach it through their app's ctx). */
export function getNotifier(ctx: Context): Notifier {
  const n = findNotifier(ctx);
  if (!n) throw new Error('no notifier was created for this context');
  return n;
}

/** Writes an outbox row in the caller's transaction (CONTRACTS.md). */
export async function enqueueOutbox(
  db: Db,
  deps: Pick<Context, 'ids' | 'clock'>,
  row: { kind: OutboxKind; key: string; payload: unknown; dueAt?: number; targetId?: string; incidentId?: string },
): Promise<void> {
  const at = deps.clock.now();
  await insertOutboxRows(db, [{ id: deps.ids.hex32(), kind: row.kind, key: row.key, payload: row.payload, dueAt: row.dueAt ?? at, createdAt: at, targetId: row.targetId ?? null, incidentId: row.incidentId ?? null }]);
}

export function createNotifier(ctx: Context, opts: NotifierOptions = {}): Notifier {
  const ports: NotifyPorts = { ...(opts.ports ?? {}) };
  const providers: Partial<Record<ContactType, ContactProvider>> = {};
  const relayUrl = ctx.config.smtpRelayUrl;
  const relay = relayUrl ? new RelayHealth(relayUrl, ctx.log, () => probeRelay(relayUrl), opts.relayRetryMs) : null;
  if (relayUrl) providers.email_contact_method = smtpProvider(relayUrl, `Tocsin <notifications@${ctx.config.emailDomain}>`, relay ?? undefined);
  if (ctx.config.notifyHttpProviderUrl) {
    const p = httpProvider(ctx.config.notifyHttpProviderUrl);
    for (const t of ['phone_contact_method', 'sms_contact_method', 'push_notification_contact_method', 'whatsapp_contact_method'] as const) providers[t] = p;
  }
  Object.assign(providers, opts.providers ?? {});
  const links = new LinkSigner(ctx.db);
  const delivery: DeliverOptions = {
    webhookTimeoutMs: opts.webhookTimeoutMs ?? 5000,
    allowPrivate: ctx.config.webhookAllowPrivate,
    linkTtlMs: opts.linkTtlMs ?? 24 * 3_600_000,
  };
  const deliverer = createDeliverer(ctx, ports, () => notifier.providers, links, delivery);

  async function onGiveUp(row: OutboxRow, error: string, attempt: number): Promise<void> {
    if (row.kind === 'webhook' && row.targetId) {
      const { disabledNow } = await recordDeliveryOutcome(ctx.db, row.targetId, true, 3, ctx.clock.now());
      if (disabledNow) {
        const dropped = await dropPendingOfTarget(ctx.db, row.targetId);
        ctx.log.warn({ subscription: row.targetId, dropped }, 'webhook subscription temporarily disabled after 3 dropped deliveries');
      }
    }
    if (row.incidentId && notifier.ports.appendLogEntry) {
      const p = row.payload as { userId?: string; subscriptionId?: string; eventType?: string };
      const what =
        row.kind === 'webhook'
          ? `Webhook ${p.eventType ?? ''} to subscription ${p.subscriptionId}`
          : row.kind === 'extension'
            ? `Extension ${row.targetId ?? ''} delivery`
            : `Notification (${row.kind})`;
      await notifier.ports.appendLogEntry(ctx.db, {
        incidentId: row.incidentId,
        type: 'notify_log_entry',
        at: ctx.clock.now(),
        userId: row.kind === 'webhook' || row.kind === 'extension' ? null : (p.userId ?? null),
        summary: `${what} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${error}`.slice(0, 1000),
        notification: { type: row.kind === 'webhook' || row.kind === 'extension' ? 'webhook' : `${row.kind}_notification`, status: 'failed', address: '' },
      });
    }
  }

  const worker = new OutboxWorker(ctx, (row) => notifier.deliverers[row.kind]?.(row) ?? deliverer.deliver(row), onGiveUp, {
    maxAttempts: 14,
    backoffBaseMs: 5_000,
    backoffMaxMs: 3_600_000,
    leaseMs: 60_000,
    concurrency: 64,
    idleMs: 25,
    ...(opts.worker ?? {}),
  }, async (now) => {
    await purgeDeadBefore(ctx.db, now - 7 * 24 * 3_600_000);
    const n = await reenableExpired(ctx.db, now);
    if (n) ctx.log.info({ reenabled: n }, 'webhook subscriptions re-enabled after their 24-hour disable');
  });
  const kickSoon = () => setTimeout(() => worker.kick(), 3).unref();

  const notifier: Notifier = {
    ports,
    providers,
    relay,
    worker,
    delivery,
    links,
    deliverers: {},
    kickSoon,
    async onIncidentEvent(db, ev) {
      await fanOutIncidentEvent(db, ctx, notifier.ports, ev);
      kickSoon();
    },
    async onServiceChanged(db, ev) {
      await fanOutServiceChanged(db, ctx, notifier.ports, ev);
      kickSoon();
    },
    start: () => {
      worker.start();
      relay?.start();
    },
    stop: () => {
      relay?.stop();
      return worker.stop();
    },
  };
  setNotifier(ctx, notifier);
  return notifier;
}
