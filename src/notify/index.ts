// notify: contact methods and notification rules of users, v3 webhook subscriptions, and the
// transactional outbox that delivers both (webhooks, email, provider-delivered SMS/phone/push).
// Owns the tables contact_methods, notification_rules, webhook_subscriptions, notify_outbox,
// notify_keys, notification_log (what was sent, for GET /notifications), status_update_notification_rules
// (where a user gets status updates). Other modules reach it
// through ctx.hooks (incident.event, service.changed), wired in src/reactions.ts; it reaches them
// only through its required NotifyPorts (wiring.ts builds them).
export type { NotifyPorts, IncidentView, ServiceView, NotifyLogInput } from './model.js';
export type { ContactProvider, ContactMessage } from './providers.js';
export { ProviderError } from './providers.js';
/** The SMTP relay: a one-off reachability probe (tocsin doctor) and its URL with the password masked. */
export { probeRelay, describeRelay } from './relay-health.js';
export { signBody, verifySignature } from './signature.js';
/** Outbound HTTP with the webhook rules (timeout, private-address guard), for other outbox kinds. */
export { postJson, type PostResult } from './http-post.js';
/** Why a webhook URL may not be used (scheme, credentials, private addresses), or null. */
export { urlProblem } from './ssrf.js';
/** A delivery attempt's outcome and the outbox row, for deliverers of other modules (Notifier.deliverers). */
export type { Outcome } from './deliver.js';
export type { OutboxRow } from './model.js';
export { registerNotifyRoutes } from './routes.js';
export { registerNotifyPublicRoutes } from './action-routes.js';
/** POST /twilio/sms, /twilio/voice, /twilio/status: Twilio's webhooks, signed, outside the REST auth. */
export { registerTwilioRoutes } from './twilio/routes.js';
/** Prometheus text of notify's counters (app.ts serves it at /metrics). */
export { notifyMetricsText } from './metrics.js';
/** The delivery backlog for /metrics, /readyz and the admin's backlog page. */
export { outboxBacklog } from './outbox-store.js';
export type { ChannelStatus } from './channels.js';
/** Gives a new user PagerDuty's defaults: an email contact method for their login and rules to it. */
export { addDefaultContact } from './defaults.js';
/** For users' `include[]=contact_methods|notification_rules` (accounts may embed them). */
export { listContactMethods, listNotificationRules } from './contacts-store.js';
/** Contact methods per type, over all users (tocsin doctor). */
export { countContactMethodsByType } from './contacts-store.js';
export { toApiContactMethod, toApiNotificationRule, contactMethodReference } from './present.js';
/** The notifier (outbox fan-out and delivery worker); its listeners are wired in src/reactions.ts. */
export { createNotifier, enqueueOutbox, type Notifier, type NotifierOptions } from './notifier.js';
/** The real NotifyPorts, built from the other modules' index.ts. */
export { notifyPorts } from './wiring.js';
/** On-call handoff notifications: the `schedule.handoff` timer's handler (wired in src/reactions.ts). */
export { onHandoffTimer } from './handoff-plan.js';
