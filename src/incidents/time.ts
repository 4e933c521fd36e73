// Times on the wire: ISO-8601 in UTC (`Z`), or in the `time_zone` a request names, with its offset.
import { iso } from '../clock.js';
import { InvalidInputError } from '../errors.js';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
}

/** The `time_zone` query parameter, checked; null when absent. */
export function readTimeZone(tz: string | undefined): string | null {
  if (tz === undefined || tz === '') return null;
  try {
    formatter(tz);
  } catch {
    throw new InvalidInputError(`time_zone ${tz} is not a valid time zone.`);
  }
  return tz;
}

/** "2026-03-09T09:30:00-04:00" for a zone, "2026-03-09T13:30:00.000Z" without one. */
export function isoIn(ms: number | null, timeZone: string | null): string | null {
  if (ms === null) return null;
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC') return iso(ms);
  const p = Object.fromEntries(formatter(timeZone).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  const offsetMin = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  const abs = Math.abs(offsetMin);
  const off = `${offsetMin < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${off}`;
}
