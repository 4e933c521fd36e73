// Domain → wire for schedules, layers, sub-schedules, overrides and on-calls (PagerDuty's shapes).
import { reference, type Reference, type Urls } from '../http/urls.js';
import { isoIn } from '../time-zone.js';
import type { Entry, ScheduleLayer } from './model.js';
import type { Schedule, StoredOverride } from './schedule.js';
import { coveragePercentage } from './render.js';
import type { Window } from './window.js';

export function scheduleReference(urls: Urls, s: { id: string; name: string | null }): Reference {
  return reference(urls, 'schedule', s.id, s.name, `/schedules/${s.id}`);
}

/** How users are named in entries (`user_reference`), from a lookup the caller filled. */
export type UserRef = (id: string) => Reference;

function entries(list: Entry[], tz: string, user: UserRef) {
  return list.map((e) => ({ start: isoIn(e.start, tz)!, end: isoIn(e.end, tz)!, user: user(e.userId) }));
}

/** A rendered span list: entries and coverage over the window, or [] and null without one. */
function rendered(list: Entry[] | null, w: Window | null, tz: string, user: UserRef) {
  return {
    rendered_schedule_entries: list && w ? entries(list, tz, user) : [],
    rendered_coverage_percentage: list && w ? coveragePercentage(list, w.since, w.until) : null,
  };
}

export function toApiLayer(l: ScheduleLayer, tz: string, user: UserRef, list: Entry[] | null, w: Window | null) {
  return {
    id: l.id,
    name: l.name,
    start: isoIn(l.start, tz)!,
    end: isoIn(l.end, tz),
    rotation_virtual_start: isoIn(l.rotationVirtualStart, tz)!,
    rotation_turn_length_seconds: l.rotationTurnLengthSeconds,
    users: l.userIds.map((id) => ({ user: user(id) })),
    restrictions: l.restrictions.map((r) => ({
      type: r.type,
      start_time_of_day: r.startTimeOfDay,
      duration_seconds: r.durationSeconds,
      ...(r.type === 'weekly_restriction' ? { start_day_of_week: r.startDayOfWeek } : {}),
    })),
    ...rendered(list, w, tz, user),
  };
}

export interface ScheduleRelations {
  user: UserRef;
  teams: Reference[];
  policies: Reference[];
  /** User ids on any layer (PagerDuty's `users` of a schedule). */
  users: Reference[];
}

/** The rendered lists of a schedule, or null when nothing is rendered. */
export interface RenderedLists {
  layers: Entry[][];
  overrides: Entry[];
  final: Entry[];
}

export function toApiSchedule(urls: Urls, s: Schedule, tz: string, rel: ScheduleRelations, r: RenderedLists | null, w: Window | null) {
  return {
    ...scheduleReference(urls, s),
    type: 'schedule' as const,
    name: s.name,
    description: s.description,
    time_zone: s.timeZone,
    // Highest layer first, as PagerDuty lists them (its Terraform provider reverses them back on
    // read); POST and PUT take them lowest first (layer 1, the bottom, first).
    schedule_layers: s.layers.map((l, i) => toApiLayer(l, tz, rel.user, r ? (r.layers[i] ?? []) : null, w)).reverse(),
    final_schedule: { name: 'Final Schedule' as const, ...rendered(r?.final ?? null, w, tz, rel.user) },
    overrides_subschedule: { name: 'Overrides' as const, ...rendered(r?.overrides ?? null, w, tz, rel.user) },
    escalation_policies: rel.policies,
    users: rel.users,
    teams: rel.teams,
  };
}

export function toApiOverride(o: StoredOverride, tz: string, user: UserRef) {
  return { id: o.id, start: isoIn(o.start, tz)!, end: isoIn(o.end, tz)!, user: user(o.userId) };
}
