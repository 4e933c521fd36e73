// integrations: a service's integrations (keys, email addresses, email settings) and the vendor
// catalog (in memory); owns the table integrations. Offers the lookups the event and email paths use
// (by key, by address) and the references other modules render. Depends on services (through its
// index) and accounts; it must not know about incidents (a move is announced with a hook).

export type { Integration, IntegrationType, EmailConfig, EmailFilter, EmailParser } from './model.js';
export { INTEGRATION_TYPES } from './model.js';
/** The live integration with this routing key: one query on the unique key index (event hot path). */
export { findIntegrationByKey } from './store.js';
/** The service of the live integration with this key, or null (services' `?query=` by key, injected). */
export { serviceIdOfIntegrationKey } from './store.js';
/** The live email integration at this address (case-insensitive). */
export { findIntegrationByEmail } from './store.js';
/** An integration by id, deleted ones included (`deletedAt` set). */
export { findIntegrationById } from './store.js';
/** `{id, type: '<type>_reference', summary, self, html_url}`. */
export { integrationReference } from './present.js';
/** A vendor of the in-memory catalog (with `eventsApi` and, for native vendors, `translator`), or null. */
export { findVendorById, VENDORS, type Vendor, type EventsApi } from './vendor-catalog.js';
/** What services show in their `integrations` field (injected into the services routes). */
export { integrationsOf, eventsV2Blocker } from './render.js';
export { registerIntegrationRoutes } from './routes.js';

export { onServiceChanged } from './hooks.js';
