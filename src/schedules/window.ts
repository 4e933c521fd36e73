// The `since`/`until`/`time_zone` query parameters of schedule reads, as PagerDuty documents them.
import { InvalidInputError } from '../errors.js';
import { isTimeZone } from '../time-zone.js';
import { parseInstant } from './normalize.js';

export const TWO_WEEKS_MS = 14 * 86_400_000;

export interface Window {
  since: number;
  until: number;
}

/** A query parameter's instant (ISO 8601, or a bare date at UTC midnight); undefined when absent. */
export function queryInstant(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = parseInstant(text) ?? (/^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : null);
  if (ms === null || !Number.isFinite(ms)) throw new InvalidInputError(`${name} must be an ISO 8601 date-time (got ${JSON.stringify(text)}).`);
  return ms;
}

/**
 * The rendering window: either bound given, the other defaults to two weeks from it; neither
 * given → `fallback` (null: render nothing, as PagerDuty leaves rendered entries empty then).
 */
export function readWindow(q: { since?: string; until?: string }, fallback: Window | null): Window | null {
  const since = queryInstant(q.since, 'since');
  const until = queryInstant(q.until, 'until');
  if (since === undefined && until === undefined) return fallback;
  const w = { since: since ?? until! - TWO_WEEKS_MS, until: until ?? since! + TWO_WEEKS_MS };
  if (w.until < w.since) throw new InvalidInputError('until must not be before since.');
  return w;
}

/** The `time_zone` a reply is printed in: the one asked for, else `fallback`. */
export function readTimeZone(tz: string | undefined, fallback: string): string {
  if (tz === undefined || tz === '') return fallback;
  if (!isTimeZone(tz)) throw new InvalidInputError(`time_zone ${tz} is not a valid time zone.`);
  return tz;
}
