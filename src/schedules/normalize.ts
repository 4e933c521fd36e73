// Wire input → domain schedule: every rule a schedule must obey, with PagerDuty's 400 (code 2001)
// and one sentence per problem. Users and teams are checked to exist here too.
import { findTeamsByIds, findUsersByIds } from '../accounts/index.js';
import { InvalidInputError } from '../errors.js';
import type { Ids } from '../ids.js';
import type { Db } from '../store/db.js';
import { isTimeZone } from '../time-zone.js';
import type { Restriction, ScheduleLayer } from './model.js';
import { timeOfDaySeconds } from './render.js';

export interface RestrictionInput {
  type: string;
  start_time_of_day: string;
  duration_seconds: number;
  start_day_of_week?: number | null;
}

export interface LayerInput {
  id?: string;
  name?: string | null;
  start: string;
  end?: string | null;
  rotation_virtual_start: string;
  rotation_turn_length_seconds: number;
  users: Array<{ user: { id: string; type?: string } }>;
  restrictions?: RestrictionInput[];
}

/** A schedule as the API takes it (snake_case wire names); undefined means "not given" (PUT is partial). */
export interface ScheduleInput {
  name?: string;
  description?: string | null;
  time_zone?: string;
  schedule_layers?: LayerInput[];
  teams?: Array<{ id: string }>;
}

/** Shortest turn Tocsin accepts: one hour (PagerDuty's UI offers nothing shorter). */
export const MIN_TURN_SECONDS = 3600;
const DAY = 86_400;

/** An ISO 8601 date-time with a zone (or Z) to epoch ms, or null. */
export function parseInstant(text: unknown): number | null {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

export function normalizeTimeZone(tz: string | undefined, field = 'time_zone'): string {
  if (!tz || !isTimeZone(tz)) throw new InvalidInputError(`${field} must be an IANA time zone name such as America/New_York (got ${JSON.stringify(tz ?? null)}).`);
  return tz;
}

export function normalizeName(name: string | undefined): string {
  const n = (name ?? '').trim();
  if (!n) throw new InvalidInputError('Name cannot be empty.');
  return n;
}

function normalizeRestriction(r: RestrictionInput, where: string, errors: string[]): Restriction | null {
  const before = errors.length;
  if (r.type !== 'daily_restriction' && r.type !== 'weekly_restriction') {
    errors.push(`${where}: restriction type must be daily_restriction or weekly_restriction.`);
    return null;
  }
  if (timeOfDaySeconds(r.start_time_of_day) === null) errors.push(`${where}: start_time_of_day must be a time of day HH:MM:SS.`);
  const max = r.type === 'daily_restriction' ? DAY : 7 * DAY;
  if (!Number.isInteger(r.duration_seconds) || r.duration_seconds < 1 || r.duration_seconds > max) {
    errors.push(`${where}: duration_seconds of a ${r.type} must be a whole number from 1 to ${max}.`);
  }
  const day = r.start_day_of_week ?? null;
  if (r.type === 'weekly_restriction' && (day === null || !Number.isInteger(day) || day < 1 || day > 7)) {
    errors.push(`${where}: a weekly_restriction needs start_day_of_week from 1 (Monday) to 7 (Sunday).`);
  }
  if (errors.length > before) return null;
  const [h, m, s = '00'] = r.start_time_of_day.split(':');
  return {
    type: r.type,
    startTimeOfDay: `${h}:${m}:${s}`,
    startDayOfWeek: r.type === 'weekly_restriction' ? day : null,
    durationSeconds: r.duration_seconds,
  };
}

/** Checks the layers and their users; keeps ids of layers the schedule already has. */
export async function normalizeLayers(db: Db, ids: Ids, input: LayerInput[], existing: ScheduleLayer[]): Promise<ScheduleLayer[]> {
  const errors: string[] = [];
  if (input.length === 0) errors.push('A schedule must have at least one schedule layer.');
  const userIds = [...new Set(input.flatMap((l) => l.users.map((u) => u.user.id)))];
  const found = new Set((await findUsersByIds(db, userIds)).filter((u) => u.deletedAt === null).map((u) => u.id));
  const layers: ScheduleLayer[] = [];
  for (const [i, l] of input.entries()) {
    const where = `Schedule layer ${i + 1}`;
    const before = errors.length;
    const start = parseInstant(l.start);
    const end = l.end === undefined || l.end === null ? null : parseInstant(l.end);
    const virtual = parseInstant(l.rotation_virtual_start);
    if (start === null) errors.push(`${where}: start must be an ISO 8601 date-time with a time zone offset.`);
    if (l.end !== undefined && l.end !== null && end === null) errors.push(`${where}: end must be an ISO 8601 date-time with a time zone offset, or null.`);
    if (start !== null && end !== null && end <= start) errors.push(`${where}: end must be after start.`);
    if (virtual === null) errors.push(`${where}: rotation_virtual_start must be an ISO 8601 date-time with a time zone offset.`);
    const turn = l.rotation_turn_length_seconds;
    if (!Number.isInteger(turn) || turn < MIN_TURN_SECONDS) {
      errors.push(`${where}: rotation_turn_length_seconds must be a whole number of seconds, at least ${MIN_TURN_SECONDS}.`);
    }
    if (l.users.length === 0) errors.push(`${where} must have at least one user.`);
    for (const u of l.users) {
      if (u.user.type !== undefined && u.user.type !== 'user' && u.user.type !== 'user_reference') errors.push(`${where}: ${u.user.type} is not a user reference.`);
      else if (!found.has(u.user.id)) errors.push(`${where}: user ${u.user.id} does not exist.`);
    }
    const restrictions = (l.restrictions ?? []).map((r) => normalizeRestriction(r, where, errors));
    if (errors.length > before) continue;
    const kept = l.id && existing.some((x) => x.id === l.id) && !layers.some((x) => x.id === l.id) ? l.id : null;
    layers.push({
      id: kept ?? ids.id(),
      name: l.name?.trim() || `Layer ${i + 1}`,
      start: start!,
      end,
      rotationVirtualStart: virtual!,
      rotationTurnLengthSeconds: turn,
      userIds: l.users.map((u) => u.user.id),
      restrictions: restrictions as Restriction[],
    });
  }
  if (errors.length) throw new InvalidInputError(errors);
  return layers;
}

export async function normalizeTeams(db: Db, teams: Array<{ id: string }>): Promise<string[]> {
  const ids = [...new Set(teams.map((t) => t.id))];
  const found = await findTeamsByIds(db, ids);
  const missing = ids.filter((id) => !found.some((t) => t.id === id));
  if (missing.length) throw new InvalidInputError(missing.map((id) => `Team ${id} does not exist.`));
  return ids;
}
