// Turns incident changes into outbox rows for the extensions on the incident's service, inside the
// change's transaction (the transactional outbox): one row per extension and change, keyed per
// extension and incident so a Slack post is delivered before the updates that edit it.
import type { Context } from '../context.js';
import type { HookEvents } from '../hooks.js';
import { findIncidentById } from '../incidents/index.js';
import { enqueueOutbox } from '../notify/index.js';
import type { Db } from '../store/db.js';
import { txCached } from '../store/tx-cache.js';
import { findSchema, SLACK_EVENTS, V2_EVENT_OF } from './model.js';
import type { SlackPayload } from './slack/deliver.js';
import { anyExtension, listActiveExtensionsOfService } from './store.js';
import { v2Body, type V2Payload } from './v2-webhook.js';

function uuid(hex32: string): string {
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20, 32)}`;
}

/** Enqueues the deliveries of one incident change; returns how many rows it wrote. */
export async function fanOutToExtensions(db: Db, ctx: Context, ev: HookEvents['incident.event']): Promise<number> {
  const v2Event = V2_EVENT_OF[ev.eventType];
  const slack = SLACK_EVENTS.has(ev.eventType);
  if (!v2Event && !slack) return 0;
  // Once per event-processor batch: most installations have no extension at all.
  if (!(await txCached(db, 'extensions:any', () => anyExtension(db)))) return 0;
  const inc = await findIncidentById(db, ev.incidentId);
  if (!inc) return 0;
  const exts = await txCached(db, `extensions:service:${inc.serviceId}`, () => listActiveExtensionsOfService(db, inc.serviceId));
  let n = 0;
  for (const ext of exts) {
    const kind = findSchema(ext.schemaId)?.kind;
    const key = `ext:${ext.id}:${inc.id}`;
    if (kind === 'slack' && slack) {
      const payload: SlackPayload = { extensionId: ext.id, schema: 'slack', incidentId: inc.id, eventType: ev.eventType };
      await enqueueOutbox(db, ctx, { kind: 'extension', key, payload, targetId: ext.id, incidentId: inc.id });
      n++;
    } else if (kind === 'generic_v2_webhook' && v2Event) {
      const messageId = uuid(ctx.ids.hex32());
      const payload: V2Payload = { extensionId: ext.id, schema: 'generic_v2_webhook', messageId, event: v2Event, body: await v2Body(db, ctx, ext, inc, v2Event, messageId, ev.at) };
      await enqueueOutbox(db, ctx, { kind: 'extension', key, payload, targetId: ext.id, incidentId: inc.id });
      n++;
    }
  }
  return n;
}
