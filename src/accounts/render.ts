import type { Urls } from '../http/urls.js';
import type { Db } from '../store/db.js';
import type { User } from './model.js';
import { teamReference, toApiTeam, toApiUser } from './present.js';
import { findTeamsByIds, listTeamIdsByUserIds } from './team-store.js';

/**
 * Users' contact methods and notification rules, which the notify module owns. Accounts cannot
 * import notify (notify depends on accounts), so src/routes.ts passes notify's index as this port.
 */
export interface UserContacts {
  listContactMethods(db: Db, userId: string): Promise<Array<{ id: string }>>;
  listNotificationRules(db: Db, userId: string): Promise<Array<{ contactMethodId: string }>>;
  contactMethodReference(urls: Urls, c: { id: string }): unknown;
  toApiContactMethod(urls: Urls, c: { id: string }): unknown;
  toApiNotificationRule(urls: Urls, r: { contactMethodId: string }, contact: { id: string } | null, includeContact: boolean): unknown;
}

export interface UserIncludes {
  teams?: boolean;
  contactMethods?: boolean;
  notificationRules?: boolean;
}

/** `include[]` values of /users as flags. */
export function userIncludes(include: readonly string[] | undefined): UserIncludes {
  const inc = include ?? [];
  return { teams: inc.includes('teams'), contactMethods: inc.includes('contact_methods'), notificationRules: inc.includes('notification_rules') };
}

async function contactsOf(db: Db, urls: Urls, userId: string, inc: UserIncludes, port: UserContacts) {
  const [methods, rules] = await Promise.all([port.listContactMethods(db, userId), port.listNotificationRules(db, userId)]);
  const byId = new Map(methods.map((c) => [c.id, c]));
  return {
    contactMethods: methods.map((c) => (inc.contactMethods ? port.toApiContactMethod(urls, c) : port.contactMethodReference(urls, c))),
    notificationRules: rules.map((r) => {
      const full = port.toApiNotificationRule(urls, r, byId.get(r.contactMethodId) ?? null, false) as Record<string, unknown>;
      if (inc.notificationRules) return full;
      return { id: full.id, type: `${String(full.type)}_reference`, summary: full.summary, self: full.self, html_url: full.html_url };
    }),
  };
}

/**
 * Users in their wire form: teams (references, or full teams when included) and, when the contacts
 * port is given, contact methods and notification rules (references, or full objects when included).
 */
export async function renderUsers(db: Db, urls: Urls, users: User[], inc: UserIncludes | boolean = {}, contacts?: UserContacts) {
  const flags: UserIncludes = typeof inc === 'boolean' ? { teams: inc } : inc;
  const teamIdsByUser = await listTeamIdsByUserIds(db, users.map((u) => u.id));
  const teams = new Map((await findTeamsByIds(db, [...new Set([...teamIdsByUser.values()].flat())])).map((t) => [t.id, t]));
  return Promise.all(
    users.map(async (u) => {
      const api = toApiUser(
        urls,
        u,
        (teamIdsByUser.get(u.id) ?? []).flatMap((id) => {
          const t = teams.get(id);
          if (!t) return [];
          return [flags.teams ? toApiTeam(urls, t) : teamReference(urls, t)];
        }),
      );
      if (!contacts) return api;
      const c = await contactsOf(db, urls, u.id, flags, contacts);
      return { ...api, contact_methods: c.contactMethods, notification_rules: c.notificationRules };
    }),
  );
}
