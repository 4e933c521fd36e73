// extensions: PagerDuty's extensions API (/extension_schemas, /extensions) with two schemas, Slack
// and the legacy Generic V2 Webhook; owns the tables extensions, extension_objects, slack_messages.
// Its listeners of `incident.event` and `service.changed` (src/reactions.ts) write `extension` rows into notify's outbox, which
// notify's worker delivers through the deliverer registered here. Slack lives in ./slack/ (client,
// message, delivery, the signed /slack/interactivity endpoint). It must not touch other modules' tables.
import type { Context } from '../context.js';
import type { HookEvents } from '../hooks.js';
import type { Db } from '../store/db.js';
import type { Notifier } from '../notify/index.js';
import { createExtensionDeliverer } from './deliver.js';
import { fanOutToExtensions } from './fanout.js';
import { createSlackApi, type SlackApi } from './slack/client.js';
import { deleteExtensionObjectsOfService } from './store.js';

/** /extension_schemas and /extensions, in the REST scope (src/routes.ts). */
export { registerExtensionRoutes } from './routes.js';
/** POST /slack/interactivity, in a scope of its own that keeps the raw body (app.ts). */
export { registerSlackRoutes } from './slack/interactivity.js';
/** The Slack Web API calls Tocsin makes (chat.postMessage, chat.update, users.info, chat.postEphemeral). */
export type { SlackApi } from './slack/client.js';

export interface Extensions {
  /** The Slack Web API client, or null without TOCSIN_SLACK_BOT_TOKEN; tests may replace it. */
  slack: SlackApi | null;
  /** `incident.event` listener (src/reactions.ts): outbox rows for the extensions on the incident's service. */
  onIncidentEvent(db: Db, ev: HookEvents['incident.event']): Promise<void>;
  /** `service.changed` listener (src/reactions.ts): a deleted service leaves every extension. */
  onServiceChanged(db: Db, ev: HookEvents['service.changed']): Promise<void>;
}

/** Builds extensions and lets the notifier deliver their outbox rows (app.ts, once); listeners go in reactions.ts. */
export function createExtensions(ctx: Context, notifier: Notifier): Extensions {
  const ext: Extensions = {
    slack: createSlackApi(ctx.config.slack),
    async onIncidentEvent(db, ev) {
      // Its rows wake the delivery worker when this transaction commits (notify's outbox does that).
      await fanOutToExtensions(db, ctx, ev);
    },
    async onServiceChanged(db, ev) {
      if (ev.change === 'deleted') await deleteExtensionObjectsOfService(db, ev.serviceId);
    },
  };
  notifier.deliverers.extension = createExtensionDeliverer(
    ctx,
    () => ext.slack,
    () => ({ timeoutMs: notifier.delivery.webhookTimeoutMs, allowPrivate: notifier.delivery.allowPrivate }),
  );
  return ext;
}
