// The schedule form's state and its mapping to and from PagerDuty's schedule body. Times in the form
// are wall times in the schedule's zone; the API gets instants (UTC ISO strings).
import { addDays, dateText, dayStart, localInputValue, mondayOf, parseLocalInput, wallOf } from './zoned.js'; // .js: test/ui/schedule-time.test.ts type-checks this file under Node's rules too
import type { paths } from './api-types.js';

// The generated types are imported directly (not through models.ts): this file is also type-checked under Node's rules.
type Schedule = paths['/schedules/{id}']['get']['responses'][200]['content']['application/json']['schedule'];
type Layer = NonNullable<Schedule['schedule_layers']>[number];
/** What fromWire reads of a schedule as GET /schedules/{id} answers it. */
export type WireSchedule = Pick<Schedule, 'name' | 'description' | 'time_zone'> & {
  teams?: Array<{ id: string }>;
  schedule_layers?: Array<Pick<Layer, 'id' | 'start' | 'end' | 'rotation_virtual_start' | 'rotation_turn_length_seconds' | 'restrictions'> & { name: string | null; users: Array<{ user: { id: string } }> }>;
};

const DAY = 86_400;
const WEEK = 7 * DAY;

export type Turn = 'daily' | 'weekly' | 'custom';

export interface RestrictionDraft {
  type: 'daily_restriction' | 'weekly_restriction';
  /** ISO day 1 = Monday … 7 = Sunday (weekly only). */
  startDay: number;
  startTime: string;
  endDay: number;
  endTime: string;
}

export interface LayerDraft {
  id?: string;
  name: string;
  /** datetime-local text in the schedule's zone. */
  start: string;
  /** datetime-local text, or '' for "never ends". */
  end: string;
  turn: Turn;
  /** Turn length in hours when turn is 'custom'. */
  hours: string;
  /** HH:MM, local, when each turn hands off. */
  handoffTime: string;
  /** Weekly handoff day, 1 = Monday. */
  handoffDay: number;
  users: string[];
  restrictions: RestrictionDraft[];
  /** The stored rotation_virtual_start, kept while start, turn and handoff are unchanged (keeps whose turn it is). */
  virtualStart?: number;
}

export interface ScheduleDraft {
  name: string;
  description: string;
  timeZone: string;
  layers: LayerDraft[];
  /** Team ids (a team's managers may then change the schedule). */
  teams: string[];
}

/** Fields whose change moves the rotation, so the stored virtual start no longer applies. */
export const ROTATION_FIELDS: Array<keyof LayerDraft> = ['start', 'turn', 'hours', 'handoffTime', 'handoffDay'];

export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const pad = (n: number) => String(n).padStart(2, '0');
const seconds = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h || 0) * 3600 + (m || 0) * 60;
};
const hhmm = (s: number) => `${pad(Math.floor(s / 3600) % 24)}:${pad(Math.floor(s / 60) % 60)}`;

/** A new layer starting this Monday at 09:00 in the zone, handing off weekly. */
export function newLayer(n: number, tz: string, now = Date.now()): LayerDraft {
  return { name: `Layer ${n}`, start: `${mondayOf(now, tz)}T09:00`, end: '', turn: 'weekly', hours: '12', handoffTime: '09:00', handoffDay: 1, users: [], restrictions: [] };
}

export function turnSeconds(l: LayerDraft): number {
  return l.turn === 'daily' ? DAY : l.turn === 'weekly' ? WEEK : Math.round(Number(l.hours) * 3600);
}

/**
 * The rotation's anchor: the last handoff at or before the layer's start (handoff time on the start's
 * date, or on the handoff day of its week for weekly turns), so the first user is on call at the start.
 */
export function virtualStart(l: LayerDraft, tz: string): number | null {
  const start = parseLocalInput(l.start, tz);
  if (start === null) return null;
  const w = wallOf(start, tz);
  let date = dateText(start, tz);
  if (l.turn === 'weekly') date = addDays(date, -((w.weekday - l.handoffDay + 7) % 7));
  const at = (d: string) => parseLocalInput(`${d}T${l.handoffTime || '00:00'}`, tz)!;
  let v = at(date);
  if (v > start) v = at(addDays(date, l.turn === 'weekly' ? -7 : -1));
  return v;
}

function restrictionToWire(r: RestrictionDraft) {
  const s = seconds(r.startTime);
  if (r.type === 'daily_restriction') {
    const d = (seconds(r.endTime) - s + DAY) % DAY;
    return { type: r.type, start_time_of_day: `${r.startTime}:00`, duration_seconds: d || DAY };
  }
  const a = (r.startDay - 1) * DAY + s;
  const b = (r.endDay - 1) * DAY + seconds(r.endTime);
  return { type: r.type, start_time_of_day: `${r.startTime}:00`, start_day_of_week: r.startDay, duration_seconds: (b - a + WEEK) % WEEK || WEEK };
}

function restrictionFromWire(r: { type: string; start_time_of_day: string; duration_seconds: number; start_day_of_week?: number | null }): RestrictionDraft {
  const s = seconds(r.start_time_of_day.slice(0, 5));
  const day = r.start_day_of_week ?? 1;
  const endAbs = (day - 1) * DAY + s + r.duration_seconds;
  const type = r.type === 'weekly_restriction' ? 'weekly_restriction' : 'daily_restriction';
  return { type, startDay: day, startTime: hhmm(s), endDay: (Math.floor(endAbs / DAY) % 7) + 1, endTime: hhmm(endAbs % DAY) };
}

/** The body of POST /schedules, PUT /schedules/{id} and POST /schedules/preview. */
export function toWire(d: ScheduleDraft, nameFallback = '') {
  const tz = d.timeZone;
  const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
  return {
    schedule: {
      type: 'schedule',
      name: d.name.trim() || nameFallback,
      description: d.description.trim() || null,
      time_zone: tz,
      teams: d.teams.map((id) => ({ id, type: 'team_reference' })),
      schedule_layers: d.layers.map((l) => ({
        ...(l.id ? { id: l.id } : {}),
        name: l.name.trim() || null,
        start: iso(parseLocalInput(l.start, tz)),
        // No end is sent as no field: the server's validator turns a JSON null into "" and refuses it.
        ...(l.end ? { end: iso(parseLocalInput(l.end, tz)) } : {}),
        rotation_virtual_start: iso(l.virtualStart ?? virtualStart(l, tz)),
        rotation_turn_length_seconds: turnSeconds(l),
        users: l.users.map((id) => ({ user: { id, type: 'user_reference' } })),
        restrictions: l.restrictions.map(restrictionToWire),
      })),
    },
  };
}

/** The form's state for a schedule the API returned. */
export function fromWire(s: WireSchedule): ScheduleDraft {
  const tz: string = s.time_zone;
  return {
    name: s.name,
    description: s.description ?? '',
    timeZone: tz,
    teams: (s.teams ?? []).map((t) => t.id),
    // GET lists the highest layer first, as PagerDuty does; the form (and POST/PUT) go lowest first.
    layers: [...(s.schedule_layers ?? [])].reverse().map((l): LayerDraft => {
      const v = Date.parse(l.rotation_virtual_start);
      const vw = wallOf(v, tz);
      const t = l.rotation_turn_length_seconds;
      return {
        id: l.id,
        name: l.name ?? '',
        start: localInputValue(Date.parse(l.start), tz),
        end: l.end ? localInputValue(Date.parse(l.end), tz) : '',
        turn: t === DAY ? 'daily' : t === WEEK ? 'weekly' : 'custom',
        hours: String(t / 3600),
        handoffTime: `${pad(vw.hour)}:${pad(vw.minute)}`,
        handoffDay: vw.weekday,
        users: l.users.map((u) => u.user.id),
        restrictions: (l.restrictions ?? []).map(restrictionFromWire),
        virtualStart: v,
      };
    }),
  };
}

/** The preview window: two weeks from the Monday of the week the schedule starts, or of this week. */
export function previewWindow(d: ScheduleDraft, now = Date.now()): { since: number; until: number } {
  const starts = d.layers.map((l) => parseLocalInput(l.start, d.timeZone)).filter((x): x is number => x !== null);
  const anchor = Math.max(now, starts.length ? Math.min(...starts) : now);
  const monday = mondayOf(anchor, d.timeZone);
  return { since: dayStart(monday, 0, d.timeZone), until: dayStart(monday, 14, d.timeZone) };
}
