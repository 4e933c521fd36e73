// Times on the wire: ISO-8601 in UTC (`Z`), or in the `time_zone` a request names, with its offset.
import { InvalidInputError } from '../errors.js';
import { isTimeZone } from '../time-zone.js';

export { isoIn } from '../time-zone.js';

/** The `time_zone` query parameter, checked; null when absent. */
export function readTimeZone(tz: string | undefined): string | null {
  if (tz === undefined || tz === '') return null;
  if (!isTimeZone(tz)) throw new InvalidInputError(`time_zone ${tz} is not a valid time zone.`);
  return tz;
}
