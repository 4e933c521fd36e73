import type { Kysely } from 'kysely';
import type { Db } from '../store/db.js';

// TEMPORARY read-only lookup of incidents' table (ids only), until incidents/index.ts offers a list
// of a service's open incidents. This file is the one place the lifecycle reads that table; every
// change still goes through incidents/index.ts.

interface Tables {
  incidents: { id: string; service_id: string; status: string; urgency: string; created_at: number };
}
const t = (db: Db) => db as unknown as Kysely<Tables>;

/** Ids of the service's incidents in the statuses (and urgency), oldest first. */
export async function listIncidentIdsOfService(db: Db, serviceId: string, statuses: string[], urgency?: 'low' | 'high'): Promise<string[]> {
  let q = t(db).selectFrom('incidents').select('id').where('service_id', '=', serviceId).where('status', 'in', statuses);
  if (urgency) q = q.where('urgency', '=', urgency);
  return (await q.orderBy('created_at').orderBy('id').execute()).map((r) => r.id);
}
