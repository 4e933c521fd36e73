import type { Context } from '../context.js';
import type { HookEvents } from '../hooks.js';
import type { Db } from '../store/db.js';
import { markIntegrationsOfServiceDeleted } from './store.js';

/** service.changed: a deleted service's integrations are deleted too, so their keys stop working. */
export async function onServiceChanged(db: Db, deps: Pick<Context, 'clock'>, e: HookEvents['service.changed']): Promise<void> {
  if (e.change === 'deleted') await markIntegrationsOfServiceDeleted(db, e.serviceId, deps.clock.now());
}
