import type { Hooks } from '../hooks.js';
import type { Db } from '../store/db.js';
import { deriveStatus, type Service, type ServiceStatus } from './model.js';

/** The derived status of each service, asking every registered status source once for all of them. */
export async function serviceStatuses(db: Db, hooks: Pick<Hooks, 'statusSources'>, services: Service[]): Promise<Map<string, ServiceStatus>> {
  const ids = services.map((s) => s.id);
  const reports = ids.length ? await Promise.all(hooks.statusSources.map((src) => src(db, ids))) : [];
  return new Map(services.map((s) => [s.id, deriveStatus(s.state, reports.map((r) => r.get(s.id)))]));
}
