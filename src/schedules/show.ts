// Schedules in their wire form: loads what the presenter names (users, teams, policies, overrides
// of the window) in a few queries for any number of schedules, and renders the window.
import { findTeamsByIds, findUsersByIds, teamReference, userReference } from '../accounts/index.js';
import type { Reference, Urls } from '../http/urls.js';
import type { Db } from '../store/db.js';
import type { ScheduleLayer } from './model.js';
import type { PolicyPort } from './ports.js';
import { toApiSchedule, type UserRef } from './present.js';
import { renderSchedule } from './render.js';
import type { Schedule, StoredOverride } from './schedule.js';
import { listOverridesOverlapping } from './store.js';
import type { Window } from './window.js';
import { feedUrlsOf, type FeedUrls } from './feeds.js';
import type { Clock } from '../clock.js';
import type { Ids } from '../ids.js';

export interface ShowOptions {
  /** Print times in this zone; default each schedule's own. */
  timeZone?: string;
  window: Window | null;
  overflow?: boolean;
  /** Which parts to render (GET /schedules lists only what include[] asks for); default all. */
  parts?: { layers: boolean; final: boolean; overrides: boolean };
  /** Print the calendar feed URLs (default true); false for a schedule not saved (preview), which must get no key. */
  feeds?: boolean;
}

/** User references by id (deleted users keep their name; unknown ids show as the id). */
export async function userRefs(db: Db, urls: Urls, ids: string[]): Promise<UserRef> {
  const users = new Map((await findUsersByIds(db, [...new Set(ids)])).map((u) => [u.id, u]));
  return (id) => userReference(urls, { id, name: users.get(id)?.name ?? id });
}

export function layerUserIds(layers: ScheduleLayer[]): string[] {
  return [...new Set(layers.flatMap((l) => l.userIds))];
}

/** What showing needs besides the database: URLs, and ids and a clock to give a feed key to a schedule that has none. */
export interface ShowDeps {
  urls: Urls;
  ids: Ids;
  clock: Clock;
}

export async function showSchedules(db: Db, deps: ShowDeps, schedules: Schedule[], policies: PolicyPort, opts: ShowOptions) {
  const urls = deps.urls;
  const w = opts.window;
  const overrides: StoredOverride[] = w ? await listOverridesOverlapping(db, schedules.map((s) => s.id), w.since, w.until) : [];
  const ids = [...schedules.flatMap((s) => layerUserIds(s.layers)), ...overrides.map((o) => o.userId)];
  const feeds = opts.feeds === false ? new Map<string, FeedUrls>() : await feedUrlsOf(db, deps, 'schedule', schedules.filter((s) => s.deletedAt === null).map((s) => s.id));
  const [user, teams, refs] = await Promise.all([
    userRefs(db, urls, ids),
    findTeamsByIds(db, [...new Set(schedules.flatMap((s) => s.teamIds))]),
    policies.refsBySchedule(db, urls, schedules.map((s) => s.id)),
  ]);
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const parts = opts.parts ?? { layers: true, final: true, overrides: true };
  return schedules.map((s) => {
    const r = w ? renderSchedule(s.layers, overrides.filter((o) => o.scheduleId === s.id), s.timeZone, w.since, w.until, { overflow: opts.overflow }) : null;
    const api = toApiSchedule(
      urls,
      s,
      opts.timeZone ?? s.timeZone,
      {
        user,
        teams: s.teamIds.map((id): Reference => {
          const t = teamById.get(id);
          return teamReference(urls, { id, name: t?.name ?? id });
        }),
        policies: refs.get(s.id) ?? [],
        users: layerUserIds(s.layers).map(user),
      },
      r,
      w,
    );
    const out: Partial<typeof api & FeedUrls> = { ...api, ...feeds.get(s.id) };
    if (!parts.layers) delete out.schedule_layers;
    if (!parts.final) delete out.final_schedule;
    if (!parts.overrides) delete out.overrides_subschedule;
    return out;
  });
}
