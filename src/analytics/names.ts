import { findTeamById } from '../accounts/index.js';
import { eventStatsByIntegration } from '../events/index.js';
import { findIntegrationById } from '../integrations/index.js';
import { findServiceById } from '../services/index.js';
import type { AnalyticsNames } from './routes.js';

/** Names and event counts for report rows, from the modules that own them. */
export function analyticsNames(): AnalyticsNames {
  return {
    service: async (db, id) => (await findServiceById(db, id))?.name ?? null,
    team: async (db, id) => (await findTeamById(db, id))?.name ?? null,
    integration: async (db, id) => (await findIntegrationById(db, id))?.name ?? null,
    eventStats: eventStatsByIntegration,
  };
}
