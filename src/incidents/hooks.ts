// What incidents contributes to other modules through ctx.hooks (wired in src/reactions.ts): the
// service status source (critical while any incident is triggered, warning while any is
// acknowledged) and the `integration.moved` listener (incidents opened through it follow it).
import type { Db } from '../store/db.js';
import { loadService, transact, type Deps } from './apply.js';
import { countOpenByService, listOpenIncidentIdsOfIntegration, moveResolvedIncidentsOfIntegration } from './store.js';

/** Service id → critical | warning, from open incidents. */
export async function incidentStatuses(db: Db, serviceIds: string[]): Promise<Map<string, 'critical' | 'warning'>> {
  const out = new Map<string, 'critical' | 'warning'>();
  for (const r of await countOpenByService(db, serviceIds)) {
    if (r.n <= 0) continue;
    if (r.status === 'triggered') out.set(r.serviceId, 'critical');
    else if (r.status === 'acknowledged' && !out.has(r.serviceId)) out.set(r.serviceId, 'warning');
  }
  return out;
}

/** Moves the incidents of an integration to its new service (open ones as a versioned change). */
export async function moveIncidentsOfIntegration(db: Db, deps: Deps, integrationId: string, toServiceId: string): Promise<void> {
  const service = await loadService(db, toServiceId);
  for (const id of await listOpenIncidentIdsOfIntegration(db, integrationId)) {
    await transact(db, deps, id, (i, now) => ({
      next: { ...i, serviceId: service.id, teamIds: service.teamIds, updatedAt: now, version: i.version + 1 },
      logs: [],
      events: [],
    }));
  }
  await moveResolvedIncidentsOfIntegration(db, integrationId, service.id, service.teamIds);
}
