// The notifier: fans incident and service changes out to outbox rows and runs the worker that
// delivers them.
import type { Context } from '../context.js';
import type { HookEvents } from '../hooks.js';
import type { Db } from '../store/db.js';
import { createDeliverer, type DeliverOptions, type Outcome } from './deliver.js';
import { fanOutIncidentEvent, fanOutServiceChanged } from './fanout.js';
import { LinkSigner } from './links.js';
import type { ContactType, NotifyPorts, OutboxKind, OutboxRow } from './model.js';
import { dropPendingOfTarget, insertOutboxRows, purgeDeadBefore } from './outbox-store.js';
import { httpProvider, smtpProvider, type ContactProvider } from './providers.js';
import { recordDeliveryOutcome, reenableExpired } from './subscriptions-store.js';
import { OutboxWorker, type WorkerOptions } from './worker.js';
import { probeRelay, RelayHealth } from './relay-health.js';

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
  /** Wakes the delivery worker soon (after the enqueuing transaction has likely committed). */
  kickSoon(): void;
  onIncidentEvent(db: Db, ev: HookEvents['incident.event']): Promise<void>;
  onServiceChanged(db: Db, ev: HookEvents['service.changed']): Promise<void>;
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
    if (row.incidentId) {
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
