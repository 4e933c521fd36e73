import type { Reference, Urls } from '../http/urls.js';
import type { Db } from '../store/db.js';
import { serviceReference } from './present.js';
import { listServicesByPolicyIds } from './store.js';

/** The live services that use each policy, as service references: policy id → references. */
export async function listServiceRefsByPolicyIds(db: Db, urls: Urls, policyIds: string[]): Promise<Map<string, Reference[]>> {
  const byPolicy = await listServicesByPolicyIds(db, policyIds);
  return new Map([...byPolicy].map(([pid, list]) => [pid, list.map((s) => serviceReference(urls, s))]));
}
