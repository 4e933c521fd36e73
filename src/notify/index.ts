// notify: contact methods and notification rules of users, v3 webhook subscriptions, and the
// transactional outbox that delivers both (webhooks, email, provider-delivered SMS/phone/push).
// Owns the tables contact_methods, notification_rules, webhook_subscriptions, notify_outbox,
// notify_keys. Other modules reach it through ctx.hooks (incident.event, service.changed), wired in
// app.ts; it reaches them only through the NotifyPorts app.ts hands it.
import type { Context } from '../context.js';
import type { HookEvents } from '../hooks.js';
import type { Db } from '../store/db.js';
import { createDeliverer, type DeliverOptions } from './deliver.js';
import { fanOutIncidentEvent, fanOutServiceChanged } from './fanout.js';
import { LinkSigner } from './links.js';
import type { ContactType, NotifyPorts, OutboxKind, OutboxRow } from './model.js';
import { insertOutboxRows, purgeDeadBefore } from './outbox-store.js';
import { findNotifier, setNotifier } from './registry.js';
import { httpProvider, smtpProvider, type ContactProvider } from './providers.js';
import { dropPendingOfTarget } from './outbox-store.js';
import { recordDeliveryOutcome, reenableExpired } from './subscriptions-store.js';
import { OutboxWorker, type WorkerOptions } from './worker.js';
import { channelStatus, type ChannelStatus } from './channels.js';
import { rulesWithContacts } from './contacts-store.js';
import type { ContactPayload } from './fanout.js';
import { countPendingForUser } from './outbox-store.js';
import { newUnreachableCounts, recordUnreachable, unreachableAtAssignment, type UnreachableCounts } from './reachability.js';
import { createTwilioClient } from './twilio/client.js';
import { twilioProviders } from './twilio/provider.js';
import { maybeReachedByTwilio, purgeTwilioMessagesBefore } from './twilio/store.js';

export type { NotifyPorts, IncidentView, ServiceView, NotifyLogInput } from './model.js';
export type { ContactProvider, ContactMessage } from './providers.js';
export { ProviderError } from './providers.js';
export { signBody, verifySignature } from './signature.js';
export { registerNotifyRoutes } from './routes.js';
export { registerNotifyPublicRoutes } from './action-routes.js';
/** POST /twilio/sms, /twilio/voice, /twilio/status: Twilio's webhooks, signed, outside the REST auth. */
export { registerTwilioRoutes } from './twilio/routes.js';
/** Prometheus text of notify's counters (app.ts serves it at /metrics). */
export { notifyMetricsText } from './metrics.js';
export type { ChannelStatus } from './channels.js';
/** Gives a new user PagerDuty's defaults: an email contact method for their login and rules to it. */
export { addDefaultContact } from './defaults.js';
/** For users' `include[]=contact_methods|notification_rules` (accounts may embed them). */
export { listContactMethods, listNotificationRules } from './contacts-store.js';
export { toApiContactMethod, toApiNotificationRule, contactMethodReference } from './present.js';

export interface NotifierOptions {
  ports?: NotifyPorts;
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
  /** Delivery settings, read at each attempt (tests shorten the webhook timeout). */
  delivery: DeliverOptions;
  links: LinkSigner;
  onIncidentEvent(db: Db, ev: HookEvents['incident.event']): Promise<void>;
  onServiceChanged(db: Db, ev: HookEvents['service.changed']): Promise<void>;
  /** Users who could not be reached, by reason, since this process started (for /metrics). */
  unreachable: UnreachableCounts;
  /** Twilio status callbacks by status (for /metrics). */
  twilioStatuses: Record<string, number>;
  /** Which channels can deliver (admins read it at GET /notification_channels). */
  channels(): ChannelStatus;
  /** Gives up a notification: dead row already written; logs it on the incident and checks reachability. */
  giveUp(row: OutboxRow, error: string, attempt: number): Promise<void>;
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
  if (ctx.config.smtpRelayUrl) providers.email_contact_method = smtpProvider(ctx.config.smtpRelayUrl, `Tocsin <notifications@${ctx.config.emailDomain}>`);
  if (ctx.config.notifyHttpProviderUrl) {
    const p = httpProvider(ctx.config.notifyHttpProviderUrl);
    for (const t of ['phone_contact_method', 'sms_contact_method', 'push_notification_contact_method', 'whatsapp_contact_method'] as const) providers[t] = p;
  }
  // Twilio, when configured, takes SMS and phone from the generic provider (which keeps push and WhatsApp).
  if (ctx.config.twilio) Object.assign(providers, twilioProviders(ctx, createTwilioClient(ctx.config.twilio)));
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
      const what = row.kind === 'webhook' ? `Webhook ${p.eventType ?? ''} to subscription ${p.subscriptionId}` : `Notification (${row.kind})`;
      await notifier.ports.appendLogEntry(ctx.db, {
        incidentId: row.incidentId,
        type: 'notify_log_entry',
        at: ctx.clock.now(),
        userId: row.kind === 'webhook' ? null : (p.userId ?? null),
        summary: `${what} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${error}`.slice(0, 1000),
        notification: { type: row.kind === 'webhook' ? 'webhook' : `${row.kind}_notification`, status: 'failed', address: '' },
      });
    }
    if (row.kind !== 'webhook' && row.incidentId) await checkAllFailed(row.payload as ContactPayload, error);
  }

  /** After a user's notification is given up: nothing left pending and nothing reached them → unreachable. */
  async function checkAllFailed(p: ContactPayload, error: string): Promise<void> {
    const ports = notifier.ports;
    if (!ports.findIncident) return;
    const inc = await ports.findIncident(ctx.db, p.incidentId);
    if (!inc || inc.status !== 'triggered' || !inc.assigneeIds.includes(p.userId)) return;
    if ((await countPendingForUser(ctx.db, inc.id, p.userId)) > 0) return;
    if (ports.notifiedSince && (await ports.notifiedSince(ctx.db, inc.id, p.userId, p.assignedAt))) return;
    if (await maybeReachedByTwilio(ctx.db, inc.id, p.userId, p.assignedAt)) return;
    // When no rule had a channel, fan-out already said so at the assignment.
    const rules = await rulesWithContacts(ctx.db, [p.userId], inc.urgency);
    if (unreachableAtAssignment(rules.map((r) => r.contact), inc.urgency, canDeliver)) return;
    await recordUnreachable(ctx.db, ports, unreachable, {
      incidentId: inc.id,
      userId: p.userId,
      reason: 'all_failed',
      detail: `every notification to them failed (last: ${error})`,
      at: ctx.clock.now(),
    });
  }
  const unreachable = newUnreachableCounts();
  const canDeliver = (t: ContactType) => Boolean(notifier.providers[t]);
  let warned = false;

  const worker = new OutboxWorker(ctx, (row) => deliverer.deliver(row), onGiveUp, {
    maxAttempts: 14,
    backoffBaseMs: 5_000,
    backoffMaxMs: 3_600_000,
    leaseMs: 60_000,
    concurrency: 64,
    idleMs: 25,
    ...(opts.worker ?? {}),
  }, async (now) => {
    await purgeDeadBefore(ctx.db, now - 7 * 24 * 3_600_000);
    // Replies to a week-old text can no longer say which incident they mean.
    await purgeTwilioMessagesBefore(ctx.db, now - 7 * 24 * 3_600_000);
    const n = await reenableExpired(ctx.db, now);
    if (n) ctx.log.info({ reenabled: n }, 'webhook subscriptions re-enabled after their 24-hour disable');
  });
  const kickSoon = () => setTimeout(() => worker.kick(), 3).unref();

  const notifier: Notifier = {
    ports,
    providers,
    worker,
    delivery,
    links,
    unreachable,
    twilioStatuses: {},
    channels: () => channelStatus(ctx.config, notifier.providers),
    giveUp: onGiveUp,
    async onIncidentEvent(db, ev) {
      await fanOutIncidentEvent(db, ctx, notifier.ports, ev, { canDeliver, counts: unreachable });
      kickSoon();
    },
    async onServiceChanged(db, ev) {
      await fanOutServiceChanged(db, ctx, notifier.ports, ev);
      kickSoon();
    },
    start() {
      const ch = notifier.channels();
      if (ch.warning && !warned) ctx.log.warn({ channels: ch }, ch.warning);
      warned = true;
      worker.start();
    },
    stop: () => worker.stop(),
  };
  setNotifier(ctx, notifier);
  return notifier;
}
