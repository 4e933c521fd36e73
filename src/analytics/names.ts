import { findTeamsByIds, findUsersByIds } from '../accounts/index.js';
import { eventStatsByIntegration } from '../events/index.js';
import { findIntegrationById } from '../integrations/index.js';
import { listPriorities } from '../priorities/index.js';
import { listResponders } from '../responders/index.js';
import { findServiceById, findServicesByIds } from '../services/index.js';
import type { Db } from '../store/db.js';
import type { AnalyticsNames } from './routes.js';

async function serviceNames(db: Db, ids: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>((await findServicesByIds(db, ids)).map((s) => [s.id, s.name]));
  // Deleted services keep their name in reports.
  for (const id of ids) if (!out.has(id)) out.set(id, (await findServiceById(db, id))?.name ?? null);
  return out;
}

/** Names and event counts for report rows, from the modules that own them. */
export function analyticsNames(): AnalyticsNames {
  return {
    services: serviceNames,
    teams: async (db, ids) => new Map((await findTeamsByIds(db, ids)).map((t) => [t.id, t.name])),
    integrations: async (db, ids) => {
      const out = new Map<string, string | null>();
      for (const id of ids) out.set(id, (await findIntegrationById(db, id))?.name ?? null);
      return out;
    },
    users: async (db, ids) => new Map((await findUsersByIds(db, ids)).map((u) => [u.id, u.name])),
    invitedResponders: async (db, incidentId) => await listResponders(db, [incidentId]),
    eventStats: eventStatsByIntegration,
    priorityIds: async (db, wanted) => {
      const all = await listPriorities(db);
      return new Map(wanted.flatMap((n) => {
        const p = all.find((x) => x.name === n) ?? all.find((x) => x.name.toLowerCase() === n.toLowerCase());
        return p ? [[n, p.id] as const] : [];
      }));
    },
  };
}
