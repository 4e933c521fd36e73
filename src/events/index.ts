// events: the ingestion endpoints (Events API v2, v1, change events, vendor webhooks), their
// validation, the durable inbox with group commit, and the processor that applies inbox events to
// alerts and incidents; owns the tables event_inbox (also each integration's event log) and
// change_events. Depends on integrations, services, maintenance and alerts through their index.ts;
// it must not touch their tables nor open incidents except through alerts.
export type { InboundEvent, EventAction, EventApi, Severity, EventOutcome, EventImage, EventLink } from './model.js';
/** Builds an InboundEvent with defaults for the fields a door (email, vendors) leaves out. */
export { inboundEvent, severityFrom } from './model.js';
/**
 * The event path's runtime (made once in app.ts): `events.ingestEvent({integrationId, serviceId},
 * event)` durably enqueues an event and resolves after its commit (email calls it); the processor
 * applies it afterwards.
 */
export { createEvents, type Events } from './ingest.js';
/** The Events API routes (own scope, own error body). */
export { registerEventRoutes, MAX_EVENT_BYTES } from './routes.js';
/** GET /change_events, /change_events/{id}, /services/{id}/change_events (REST scope). */
export { registerChangeEventRoutes } from './change-routes.js';
/** What POST /change_events (REST scope) needs of the event path: app.ts passes `events`. */
export type { ChangeIngest } from './change-write-routes.js';
/** An integration's event log (newest first) and the processor backlog. */
export { listIntegrationEvents, countPendingEvents, pendingEventsBacklog, deleteProcessedEventsBefore, type InboxEvent } from './store.js';
/** Events the processor gave up on: counted for /metrics, listed for admins, put back by replay (CLI). */
export { countFailedEvents, listFailedEvents, requeueFailedEvents, type FailedEvent } from './store.js';
/** GET /failed_events and POST /failed_events/replay (REST scope, admins and the owner). */
export { registerFailedEventRoutes } from './failed-routes.js';
/** Per-integration counts of events received, deduplicated and discarded, for analytics. */
export { eventStatsByIntegration } from './stats.js';
