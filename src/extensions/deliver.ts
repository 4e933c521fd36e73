// The notifier's deliverer for `extension` outbox rows: by schema, to Slack or to a v2 webhook
// endpoint. Three dropped deliveries in a row disable the extension (POST /extensions/{id}/enable).
import type { Context } from '../context.js';
import type { OutboxRow, Outcome } from '../notify/index.js';
import type { SlackApi } from './slack/client.js';
import { deliverSlack, type SlackPayload } from './slack/deliver.js';
import { findExtensionById, recordExtensionOutcome } from './store.js';
import { deliverV2, type V2Payload } from './v2-webhook.js';

export interface ExtensionDeliveryOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

export function createExtensionDeliverer(ctx: Context, slack: () => SlackApi | null, opts: () => ExtensionDeliveryOptions) {
  return async function deliver(row: OutboxRow): Promise<Outcome> {
    const p = row.payload as SlackPayload | V2Payload;
    const ext = await findExtensionById(ctx.db, p.extensionId);
    if (!ext) return { ok: true, skipped: 'extension deleted' };
    if (ext.temporarilyDisabled) return { ok: true, skipped: 'extension temporarily disabled' };
    const r = p.schema === 'slack' ? await deliverSlack(ctx, slack(), ext, p) : await deliverV2(ext, p, opts());
    if (r.ok && !r.skipped && ext.consecutiveDrops > 0) await recordExtensionOutcome(ctx.db, ext.id, false, ctx.clock.now());
    if (!r.ok && r.dropped) {
      const disabledNow = await recordExtensionOutcome(ctx.db, ext.id, true, ctx.clock.now());
      if (disabledNow) ctx.log.warn({ extension: ext.id }, 'extension temporarily disabled after 3 dropped deliveries');
    }
    if (r.ok) return r.skipped ? { ok: true, skipped: r.skipped } : { ok: true };
    return { ok: false, retry: r.retry, error: r.error };
  };
}
