// The notifier: fans incident and service changes out to outbox rows and runs the worker that
// delivers them.
import type { Context } from '../context.js';
import type { HookEvents } from '../hooks.js';
import type { Db } from '../store/db.js';
import { createDeliverer, type DeliverOptions, type Outcome } from './deliver.js';
import { fanOutIncidentEvent, fanOutServiceChanged } from './fanout.js';
import { LinkSigner } from './links.js';
import type { ContactType, NotifyPorts, OutboxKind, OutboxRow } from './model.js';
import { dropPendingOfTarget, insertOutboxRows, outboxWrites, purgeDeadBefore } from './outbox-store.js';
import { httpProvider, smtpProvider, type ContactProvider } from './providers.js';
import { recordDeliveryOutcome, reenableExpired } from './subscriptions-store.js';
import { OutboxWorker, type WorkerOptions } from './worker.js';
import { probeRelay, RelayHealth } from './relay-health.js';
import { channelStatus, type ChannelStatus } from './channels.js';
import { findContactMethodById, rulesWithContacts } from './contacts-store.js';
import { insertNotificationRecord, notificationTypeOf, purgeNotificationRecordsBefore } from './notification-log-store.js';
import type { ContactPayload } from './fanout.js';
import { countPendingForUser } from './outbox-store.js';
import { newUnreachableCounts, recordUnreachable, unreachableAtAssignment, type UnreachableCounts } from './reachability.js';
import { createTwilioClient } from './twilio/client.js';
import { twilioProviders } from './twilio/provider.js';
import { maybeReachedByTwilio, purgeTwilioMessagesBefore } from './twilio/store.js';

/** How long GET /notifications keeps what was sent: its window is at most 3 months. */
const NOTIFICATION_RETENTION_MS = 100 * 24 * 3_600_000;

export interface NotifierOptions {
  /** The seams to other modules (notifyPorts in wiring.ts): required, a notifier without them cannot work. */
  ports: NotifyPorts;
  /** How often an unreachable SMTP relay is probed again (default 30 s). */
  relayRetryMs?: number;
  /** Providers by contact type; defaults: SMTP relay for email, the generic HTTP provider for the rest. */
  providers?: Partial<Record<ContactType, ContactProvider>>;
  worker?: Partial<WorkerOptions>;
  webhookTimeoutMs?: number;
  linkTtlMs?: number;
}

export interface Notifier {
  /** The seams to other modules (tests may replace one). */
  ports: NotifyPorts;
  providers: Partial<Record<ContactType, ContactProvider>>;
  worker: OutboxWorker;
  /** Watches the SMTP relay and logs when it cannot be reached and when it is back; null without a relay. */
  relay: RelayHealth | null;
  /** Delivery settings, read at each attempt (tests shorten the webhook timeout). */
  delivery: DeliverOptions;
  links: LinkSigner;
  /** Deliverers of other modules' outbox kinds (extensions), registered when the app is built. */
  deliverers: Partial<Record<OutboxKind, (row: OutboxRow) => Promise<Outcome>>>;
  onIncidentEvent(db: Db, ev: HookEvents['incident.event']): Promise<void>;
  onServiceChanged(db: Db, ev: HookEvents['service.changed']): Promise<void>;
  /** Users who could not be reached, by reason, since this process started (for /metrics). */
  unreachable: UnreachableCounts;
  /** Twilio status callbacks by status (for /metrics). */
  twilioStatuses: Record<string, number>;
  /** Which channels can deliver (admins read it at GET /notification_channels). */
  channels(): ChannelStatus;
  /** Gives up a notification: dead row already written; logs it on the incident and checks reachability. */
  giveUp(db: Db, row: OutboxRow, error: string, attempt: number): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** Builds the notifier: its listeners (onIncidentEvent, onServiceChanged) are wired in src/reactions.ts. */
export function createNotifier(ctx: Context, opts: NotifierOptions): Notifier {
  const ports: NotifyPorts = opts.ports;
  const providers: Partial<Record<ContactType, ContactProvider>> = {};
  const relayUrl = ctx.config.smtpRelayUrl;
  const relay = relayUrl ? new RelayHealth(relayUrl, ctx.log, () => probeRelay(relayUrl), opts.relayRetryMs) : null;
  if (relayUrl) providers.email_contact_method = smtpProvider(relayUrl, `Tocsin <notifications@${ctx.config.emailDomain}>`, relay ?? undefined);
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

  async function onGiveUp(db: Db, row: OutboxRow, error: string, attempt: number): Promise<void> {
    if (row.kind === 'webhook' && row.targetId) {
      const { disabledNow } = await recordDeliveryOutcome(db, row.targetId, true, 3, ctx.clock.now());
      if (disabledNow) {
        const dropped = await dropPendingOfTarget(db, row.targetId);
        ctx.log.warn({ subscription: row.targetId, dropped }, 'webhook subscription temporarily disabled after 3 dropped deliveries');
      }
    }
    if (row.kind !== 'webhook') await recordGivenUp(db, row);
    if (row.incidentId) {
      const p = row.payload as { userId?: string; subscriptionId?: string; eventType?: string };
      const what =
        row.kind === 'webhook'
          ? `Webhook ${p.eventType ?? ''} to subscription ${p.subscriptionId}`
          : row.kind === 'extension'
            ? `Extension ${row.targetId ?? ''} delivery`
            : `Notification (${row.kind})`;
      await notifier.ports.appendLogEntry(db, {
        incidentId: row.incidentId,
        type: 'notify_log_entry',
        at: ctx.clock.now(),
        userId: row.kind === 'webhook' || row.kind === 'extension' ? null : (p.userId ?? null),
        summary: `${what} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${error}`.slice(0, 1000),
        notification: { type: row.kind === 'webhook' || row.kind === 'extension' ? 'webhook' : `${row.kind}_notification`, status: 'failed', address: '' },
      });
    }
    if (row.kind !== 'webhook' && row.incidentId) await checkAllFailed(db, row.payload as ContactPayload, error);
  }

  /** A given-up notification is listed by GET /notifications with status `failed`. */
  async function recordGivenUp(db: Db, row: OutboxRow): Promise<void> {
    const p = row.payload as { userId?: string; contactMethodId?: string };
    const cm = p.contactMethodId ? await findContactMethodById(db, p.contactMethodId) : null;
    if (!cm || !p.userId) return;
    await insertNotificationRecord(db, {
      id: ctx.ids.id(),
      type: notificationTypeOf(cm.type),
      userId: p.userId,
      contactMethodId: cm.id,
      incidentId: row.incidentId,
      address: cm.type === 'push_notification_contact_method' ? null : cm.address,
      status: 'failed',
      startedAt: ctx.clock.now(),
    });
  }

  /** After a user's notification is given up: nothing left pending and nothing reached them → unreachable. */
  async function checkAllFailed(db: Db, p: ContactPayload, error: string): Promise<void> {
    const ports = notifier.ports;
    const inc = await ports.findIncident(db, p.incidentId);
    if (!inc || inc.status !== 'triggered' || !inc.assigneeIds.includes(p.userId)) return;
    // When no rule had a channel, fan-out already said so at the assignment. Asked first: it is the
    // cheapest read, and the usual case of a give-up with no provider configured (a new install).
    const rules = await rulesWithContacts(db, [p.userId], inc.urgency);
    if (unreachableAtAssignment(rules.map((r) => r.contact), inc.urgency, canDeliver)) return;
    if ((await countPendingForUser(db, inc.id, p.userId)) > 0) return;
    if (await ports.notifiedSince(db, inc.id, p.userId, p.assignedAt)) return;
    if (await maybeReachedByTwilio(db, inc.id, p.userId, p.assignedAt)) return;
    await recordUnreachable(db, ports, unreachable, {
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

  const worker = new OutboxWorker(ctx, (row) => notifier.deliverers[row.kind]?.(row) ?? deliverer.deliver(row), onGiveUp, {
    maxAttempts: 14,
    backoffBaseMs: 5_000,
    backoffMaxMs: 3_600_000,
    leaseMs: 6_000,
    concurrency: 64,
    idleMs: 1_000,
    ...(opts.worker ?? {}),
  }, async (now) => {
    await purgeDeadBefore(ctx.db, now - 7 * 24 * 3_600_000);
    // GET /notifications answers at most 3 months back; a little more is kept for the window's edge.
    await purgeNotificationRecordsBefore(ctx.db, now - NOTIFICATION_RETENTION_MS);
    // Replies to a week-old text can no longer say which incident they mean.
    await purgeTwilioMessagesBefore(ctx.db, now - 7 * 24 * 3_600_000);
    const n = await reenableExpired(ctx.db, now);
    if (n) ctx.log.info({ reenabled: n }, 'webhook subscriptions re-enabled after their 24-hour disable');
  });
  // The worker wakes on the first commit after outbox rows were written (on SQLite's single
  // connection, that transaction's own commit; on PostgreSQL an early wake by another connection's
  // commit finds nothing yet, and the NOTIFY of the real commit follows).
  let seenWrites = outboxWrites();
  let unsubscribe: (() => void) | null = null;

  const notifier: Notifier = {
    ports,
    providers,
    relay,
    worker,
    delivery,
    links,
    unreachable,
    twilioStatuses: {},
    channels: () => channelStatus(ctx.config, notifier.providers),
    giveUp: onGiveUp,
    deliverers: {},
    async onIncidentEvent(db, ev) {
      await fanOutIncidentEvent(db, ctx, notifier.ports, ev, { canDeliver, counts: unreachable });
    },
    async onServiceChanged(db, ev) {
      await fanOutServiceChanged(db, ctx, notifier.ports, ev);
    },
    start: () => {
      const ch = notifier.channels();
      if (ch.warning && !warned) ctx.log.warn({ channels: ch }, ch.warning);
      warned = true;
      unsubscribe ??= ctx.health.onCommit(() => {
        const w = outboxWrites();
        if (w === seenWrites) return;
        seenWrites = w;
        worker.kick();
      });
      worker.start();
      relay?.start();
    },
    stop: () => {
      relay?.stop();
      unsubscribe?.();
      unsubscribe = null;
      return worker.stop();
    },
  };
  return notifier;
}

/** Writes an outbox row in the caller's transaction; rows of one key are delivered in order (CONTRACTS.md). */
export async function enqueueOutbox(
  db: Db,
  deps: Pick<Context, 'ids' | 'clock'>,
  row: { kind: OutboxKind; key: string; payload: unknown; dueAt?: number; targetId?: string; incidentId?: string },
): Promise<void> {
  const at = deps.clock.now();
  await insertOutboxRows(db, [{ id: deps.ids.hex32(), kind: row.kind, key: row.key, payload: row.payload, dueAt: row.dueAt ?? at, createdAt: at, targetId: row.targetId ?? null, incidentId: row.incidentId ?? null }]);
}
