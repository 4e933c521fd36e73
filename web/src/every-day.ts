// The analytics API returns only the days that had incidents; a chart over 7 or 30 days must show
// every day, the empty ones at zero, or a quiet week looks like one bar.

const dateIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Every local date (YYYY-MM-DD) in [start, end) in the zone, in order. */
export function localDays(start: number, end: number, timeZone: string): string[] {
  const fmt = dateIn(timeZone);
  const out: string[] = [];
  // Six-hour steps: every local day is at least 23 hours long, so none is skipped across DST.
  for (let t = start; t < end; t += 6 * 3_600_000) {
    const d = fmt.format(t);
    if (out[out.length - 1] !== d) out.push(d);
  }
  return out;
}

/** The rows keyed by their range_start's date, one per day of the range; missing days get `empty(day)`. */
export function everyDay<R extends { range_start?: unknown }>(rows: R[], days: string[], empty: (day: string) => R): R[] {
  const by = new Map(rows.map((r) => [String(r.range_start).slice(0, 10), r]));
  return days.map((d) => by.get(d) ?? empty(d));
}
