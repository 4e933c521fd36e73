// The lifecycle's timer handlers, registered once by app.ts. Like app.ts this file is composition:
// it is the one place in engine/ that imports domain modules, so engine.ts and store.ts stay free of them.
import type { Context } from '../context.js';
import { onMaintenanceTimer, registerMaintenanceStatus } from '../maintenance/index.js';
import type { TimerEngine } from './engine.js';

/** Registers every timer kind's handler and the lifecycle's hooks. */
export function registerLifecycle(engine: TimerEngine, ctx: Context): void {
  engine.register('maintenance.start', (db, timer) => onMaintenanceTimer(db, ctx, timer));
  engine.register('maintenance.end', (db, timer) => onMaintenanceTimer(db, ctx, timer));
  registerMaintenanceStatus(ctx);
}
