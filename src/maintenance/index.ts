// maintenance/: maintenance windows (tables maintenance_windows, maintenance_window_services), the
// REST resource /maintenance_windows, and the `maintenance` service status source. It schedules
// maintenance.start/end timers through engine/; it does not open, change or resolve incidents.
import type { Context } from '../context.js';
import type { ServiceStatusSource } from '../hooks.js';
import type { Db } from '../store/db.js';
import { findServicesInMaintenance } from './store.js';

export type { MaintenanceWindow } from './model.js';
export { onMaintenanceTimer } from './timers.js';

/** Whether the service is in an ongoing maintenance window at `at` (events open no incident then). */
export async function isServiceInMaintenance(db: Db, serviceId: string, at: number): Promise<boolean> {
  return (await findServicesInMaintenance(db, [serviceId], at)).has(serviceId);
}

/** The `maintenance` status source: services in an ongoing window (at the clock's now). */
export function maintenanceStatuses(deps: Pick<Context, 'clock'>): ServiceStatusSource {
  return async (db, serviceIds) => {
    const inside = await findServicesInMaintenance(db, serviceIds, deps.clock.now());
    return new Map([...inside].map((id) => [id, 'maintenance' as const]));
  };
}
