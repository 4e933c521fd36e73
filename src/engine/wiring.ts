// The lifecycle's timer handlers and hook listeners, registered once by app.ts. Like app.ts this is
// composition: it (with lifecycle.ts) is the one place in engine/ that imports domain modules, so
// engine.ts and store.ts stay free of them.
import type { Context } from '../context.js';
import { onMaintenanceTimer, registerMaintenanceStatus } from '../maintenance/index.js';
import type { TimerEngine } from './engine.js';
import { incidentHandlers, onServiceStateChanged, onUrgencyChange, scheduleUrgencyChange, URGENCY_CHANGE } from './lifecycle.js';

/** Registers every timer kind's handler and the lifecycle's hooks. */
export function registerLifecycle(engine: TimerEngine, ctx: Context): void {
  for (const [kind, handler] of Object.entries(incidentHandlers(ctx))) engine.register(kind, handler);
  engine.register(URGENCY_CHANGE, (db, timer) => onUrgencyChange(db, ctx, timer));
  engine.register('maintenance.start', (db, timer) => onMaintenanceTimer(db, ctx, timer));
  engine.register('maintenance.end', (db, timer) => onMaintenanceTimer(db, ctx, timer));
  registerMaintenanceStatus(ctx);
  // Created, updated (support hours, scheduled actions) or deleted: reschedule or cancel.
  ctx.hooks.on('service.changed', (db, e) => scheduleUrgencyChange(db, ctx, e.serviceId));
  ctx.hooks.on('service.state_changed', (db, e) => onServiceStateChanged(db, ctx, e));
}
