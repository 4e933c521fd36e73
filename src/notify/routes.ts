import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import type { Authenticator } from '../http/auth.js';
import { registerChannelRoutes } from './channel-routes.js';
import { registerContactRoutes } from './contact-routes.js';
import { registerHandoffRuleRoutes } from './handoff-routes.js';
import { registerStatusRuleRoutes } from './status-rules-routes.js';
import { registerNotificationRoutes } from './notification-routes.js';
import type { Notifier } from './notifier.js';
import { registerWebhookRoutes } from './webhook-routes.js';

/** notify's REST endpoints: contact methods, notification rules, handoff and status update notification rules, webhook subscriptions. */
export function registerNotifyRoutes(rest: FastifyInstance, ctx: Context, _auth: Authenticator, notifier: Notifier): void {
  registerContactRoutes(rest, ctx);
  registerHandoffRuleRoutes(rest, ctx);
  registerStatusRuleRoutes(rest, ctx);
  registerChannelRoutes(rest, ctx, notifier);
  registerNotificationRoutes(rest, ctx, () => notifier.worker.kick());
  registerWebhookRoutes(
    rest,
    ctx,
    () => notifier.ports,
    () => notifier.worker.kick(),
  );
}
