// extensions: PagerDuty's extensions API (/extension_schemas, /extensions) with two schemas, Slack
// and the legacy Generic V2 Webhook; owns the tables extensions, extension_objects, slack_messages.
// It listens to ctx.hooks `incident.event` and writes `extension` rows into notify's outbox, which
// notify's worker delivers through the deliverer registered here. Slack lives in ./slack/ (client,
// message, delivery, the signed /slack/interactivity endpoint). It must not touch other modules' tables.
import type { Context } from '../context.js';
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
}

/** Subscribes extensions to incident changes and lets the notifier deliver their outbox rows (app.ts, once). */
export function wireExtensions(ctx: Context, notifier: Notifier): Extensions {
  const ext: Extensions = { slack: createSlackApi(ctx.config.slack) };
  notifier.deliverers.extension = createExtensionDeliverer(
    ctx,
    () => ext.slack,
    () => ({ timeoutMs: notifier.delivery.webhookTimeoutMs, allowPrivate: notifier.delivery.allowPrivate }),
  );
  ctx.hooks.on('incident.event', async (db, ev) => {
    if ((await fanOutToExtensions(db, ctx, ev)) > 0) notifier.kickSoon();
  });
  ctx.hooks.on('service.changed', async (db, ev) => {
    if (ev.change === 'deleted') await deleteExtensionObjectsOfService(db, ev.serviceId);
  });
  return ext;
}
