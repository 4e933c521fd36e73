// Schedules in their wire form: loads what the presenter names (users, teams, policies, overrides
// of the window) in a few queries for any number of schedules, and renders the window.
import { findTeamsByIds, findUsersByIds, teamReference, userReference } from '../accounts/index.js';
import type { Reference, Urls } from '../http/urls.js';
import type { Db } from '../store/db.js';
import type { Entry, ScheduleLayer } from './model.js';
import { finalSpans } from './spans.js';
import { isoIn } from '../time-zone.js';
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
  /** `include_next_oncall_for_user`: add `next_oncall_for_user`, this user's next shift on each schedule. */
  nextOncallFor?: string;
}

/** How far ahead `next_oncall_for_user` looks (as far as GET /oncalls may ask). */
export const NEXT_ONCALL_AHEAD_MS = 90 * 86_400_000;

/**
 * The user's next shift on each schedule: the earliest final span of theirs not yet over at `now` (the
 * one in progress if they are on call), whole, within 90 days; null when there is none.
 */
async function nextOncalls(db: Db, schedules: Schedule[], userId: string, now: number): Promise<Map<string, Entry | null>> {
  const live = schedules.filter((s) => s.deletedAt === null);
  const spans = await finalSpans(db, live, now, now + NEXT_ONCALL_AHEAD_MS);
  const out = new Map<string, Entry | null>();
  for (const s of live) out.set(s.id, (spans.get(s.id) ?? []).find((e) => e.userId === userId && e.end > now && e.start <= now + NEXT_ONCALL_AHEAD_MS) ?? null);
  return out;
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
  const next = opts.nextOncallFor ? await nextOncalls(db, schedules, opts.nextOncallFor, deps.clock.now()) : null;
  const ids = [...schedules.flatMap((s) => layerUserIds(s.layers)), ...overrides.map((o) => o.userId), ...(opts.nextOncallFor ? [opts.nextOncallFor] : [])];
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
    const out: Partial<typeof api & FeedUrls & { next_oncall_for_user: unknown }> = { ...api, ...feeds.get(s.id) };
    if (next) {
      const e = next.get(s.id) ?? null;
      const tz = opts.timeZone ?? s.timeZone;
      out.next_oncall_for_user = e && { start: isoIn(e.start, tz)!, end: isoIn(e.end, tz)!, user: user(e.userId) };
    }
    if (!parts.layers) delete out.schedule_layers;
    if (!parts.final) delete out.final_schedule;
    if (!parts.overrides) delete out.overrides_subschedule;
    return out;
  });
}
