import type { Hooks } from '../hooks.js';
import { markIntegrationsOfServiceDeleted } from './store.js';

/** Listens to service deletion: the service's integrations are deleted too, so their keys stop working. */
export function registerIntegrationHooks(hooks: Hooks, now: () => number): void {
  hooks.on('service.changed', async (db, e) => {
    if (e.change === 'deleted') await markIntegrationsOfServiceDeleted(db, e.serviceId, now());
  });
}
