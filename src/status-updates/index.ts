// status-updates: an incident's status updates and their subscribers (users and teams), and the
// subscribers of business services (PagerDuty's notification subscriptions); owns the tables
// status_updates, status_update_subscribers and business_service_subscribers. notify emails each
// update to the recipients (it listens to incident.status_update_published and asks for them here
// through its ports): the incident's subscribers and those of the business services it impacts.
export type { StatusUpdate, Subscriber, SubscriberType } from './model.js';
/** Subscribe, unsubscribe, publish: callable without HTTP (incident workflows), with an agent and the injected clock. */
export { subscribe, unsubscribe, publishStatusUpdate, statusUpdateRecipients, type StatusUpdateInput, type SubscribeResult } from './publish.js';
export { findStatusUpdate, listStatusUpdates, listSubscribers } from './store.js';
export { registerStatusUpdateRoutes } from './routes.js';
