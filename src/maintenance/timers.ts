import type { Context } from '../context.js';
import type { Timer } from '../engine/index.js';
import type { Db } from '../store/db.js';
import { findWindowById } from './store.js';

/**
 * maintenance.start / maintenance.end: the window's services changed status (maintenance ↔ their
 * own). Status is derived at read time, so the timer only announces it (service.changed → webhooks,
 * caches); a window that was deleted or moved meanwhile announces nothing.
 */
export async function onMaintenanceTimer(db: Db, deps: Pick<Context, 'hooks' | 'log'>, timer: Timer): Promise<void> {
  const w = await findWindowById(db, timer.subjectId);
  if (!w) return;
  const expected = timer.kind === 'maintenance.start' ? w.startTime : w.endTime;
  if (expected !== timer.fence) return;
  deps.log.info({ windowId: w.id, services: w.serviceIds, kind: timer.kind }, 'maintenance window status change');
  for (const serviceId of w.serviceIds) await deps.hooks.emit(db, 'service.changed', { serviceId, change: 'updated' });
}
