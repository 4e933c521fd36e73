import type { Db } from '../store/db.js';

interface Tables {
  services: { id: string; name: string; deleted_at: number | null };
  service_teams: { service_id: string; team_id: string };
}

declare module '../executor.js' {
  interface TableRegistry {
    'services/team-check': Tables;
  }
}

/** Refuses deleting a team that live services belong to (PagerDuty: "Team has existing associations"). */
export async function servicesOfTeam(db: Db, teamId: string): Promise<string | null> {
  const rows = await db
    .selectFrom('service_teams')
    .innerJoin('services', 'services.id', 'service_teams.service_id')
    .select('services.name')
    .where('service_teams.team_id', '=', teamId)
    .where('services.deleted_at', 'is', null)
    .orderBy('services.name')
    .limit(5)
    .execute();
  if (rows.length === 0) return null;
  return `The team has services (${rows.map((r) => `"${r.name}"`).join(', ')}); move them to another team first.`;
}
