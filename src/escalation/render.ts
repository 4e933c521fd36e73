import { findTeamsByIds, findUsersByIds, renderUsers, teamReference, toApiTeam, userReference } from '../accounts/index.js';
import type { Reference, Urls } from '../http/urls.js';
import { reference } from '../http/urls.js';
import type { Db } from '../store/db.js';
import { findSchedulesByIds, scheduleReference } from '../schedules/index.js';
import type { EscalationPolicy } from './model.js';
import { toApiEscalationPolicy } from './present.js';

/** Service references of policies (policy id → references), injected from the services module. */
export type ServiceRefsOf = (db: Db, urls: Urls, policyIds: string[]) => Promise<Map<string, Reference[]>>;

/**
 * Policies in their wire form. Targets and teams are references unless included (`targets`: full
 * users, `teams`: full teams); services are always references (Tocsin does not embed full services here).
 */
export async function renderPolicies(db: Db, urls: Urls, policies: EscalationPolicy[], include: readonly string[], serviceRefs: ServiceRefsOf) {
  const targets = policies.flatMap((p) => p.rules.flatMap((r) => r.targets));
  const userIds = [...new Set(targets.filter((t) => t.type === 'user_reference').map((t) => t.id))];
  const scheduleIds = [...new Set(targets.filter((t) => t.type === 'schedule_reference').map((t) => t.id))];
  const teamIds = [...new Set(policies.flatMap((p) => p.teamIds))];
  const [users, teams, services, schedules] = await Promise.all([
    findUsersByIds(db, userIds),
    findTeamsByIds(db, teamIds),
    serviceRefs(db, urls, policies.map((p) => p.id)),
    findSchedulesByIds(db, scheduleIds, { includeDeleted: true }),
  ]);
  const scheduleName = new Map(schedules.map((s) => [s.id, s.name]));
  const userById = new Map(users.map((u) => [u.id, u]));
  const fullUsers = include.includes('targets') ? new Map((await renderUsers(db, urls, users)).map((u) => [u.id, u])) : new Map();
  const teamById = new Map(teams.map((t) => [t.id, t]));
  return policies.map((p) =>
    toApiEscalationPolicy(urls, p, {
      targets: (t) => {
        if (t.type !== 'user_reference') return scheduleReference(urls, { id: t.id, name: scheduleName.get(t.id) ?? null });
        const full = fullUsers.get(t.id);
        if (full) return full;
        const u = userById.get(t.id);
        return userReference(urls, { id: t.id, name: u?.name ?? t.id });
      },
      teams: (id) => {
        const team = teamById.get(id);
        if (!team) return reference(urls, 'team', id, null, `/teams/${id}`);
        return include.includes('teams') ? toApiTeam(urls, team) : teamReference(urls, team);
      },
      services: services.get(p.id) ?? [],
    }),
  );
}
