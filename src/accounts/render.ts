import type { Urls } from '../http/urls.js';
import type { Db } from '../store/db.js';
import type { User } from './model.js';
import { teamReference, toApiTeam, toApiUser } from './present.js';
import { findTeamsByIds, listTeamIdsByUserIds } from './team-store.js';

/** Users in their wire form with their teams: references, or full teams when `includeTeams`. */
export async function renderUsers(db: Db, urls: Urls, users: User[], includeTeams = false) {
  const teamIdsByUser = await listTeamIdsByUserIds(db, users.map((u) => u.id));
  const teams = new Map((await findTeamsByIds(db, [...new Set([...teamIdsByUser.values()].flat())])).map((t) => [t.id, t]));
  return users.map((u) =>
    toApiUser(
      urls,
      u,
      (teamIdsByUser.get(u.id) ?? []).flatMap((id) => {
        const t = teams.get(id);
        if (!t) return [];
        return [includeTeams ? toApiTeam(urls, t) : teamReference(urls, t)];
      }),
    ),
  );
}
