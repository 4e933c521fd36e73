// The rollup tiers: UTC days (analytics_rollups), weeks from Monday and calendar months in UTC
// (analytics_rollup_periods), and how a run of whole UTC days is cut into the fewest blocks of them;
// and the account tier's UTC hours (analytics_rollup_hours, hours.ts).

export const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
// 1970-01-01 was a Thursday: (t + 3 days) % 7 days is the time since the Monday before t.
const MONDAY_SHIFT = 3 * DAY;

export type Tier = 'day' | 'week' | 'month';
export const TIERS: readonly Tier[] = ['day', 'week', 'month'];

/**
 * The first day of `col`'s UTC month, in ms, with integer arithmetic only (the same on SQLite and
 * PostgreSQL): H. Hinnant's civil-from-days, for instants after 1970.
 */
export function monthStartSql(col: string): string {
  const d = `(${col} / ${DAY})`;
  const z = `(${d} + 719468)`;
  const doe = `(${z} - (${z} / 146097) * 146097)`;
  const yoe = `((${doe} - ${doe} / 1460 + ${doe} / 36524 - ${doe} / 146096) / 365)`;
  const doy = `(${doe} - (365 * ${yoe} + ${yoe} / 4 - ${yoe} / 100))`;
  const mp = `((5 * ${doy} + 2) / 153)`;
  return `((${d} - ${doy} + (153 * ${mp} + 2) / 5) * ${DAY})`;
}

/** The SQL start of `col`'s block in a tier. */
export function tierStartSql(tier: Tier, col: string): string {
  if (tier === 'day') return `(${col} - (${col} % ${DAY}))`;
  if (tier === 'week') return `(${col} - ((${col} + ${MONDAY_SHIFT}) % ${WEEK}))`;
  return monthStartSql(col);
}

/** The SQL start of `col`'s UTC hour (the account tier's block). */
export function hourStartSql(col: string): string {
  return `(${col} - (${col} % ${HOUR}))`;
}

const isMonday = (day: number) => (day * DAY + MONDAY_SHIFT) % WEEK === 0;
function monthDays(day: number): number | null {
  const d = new Date(day * DAY);
  if (d.getUTCDate() !== 1) return null;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY - day;
}

export interface Blocks {
  /** [start, end) spans of days read from the daily tier. */
  days: Array<[number, number]>;
  weeks: number[];
  months: number[];
}

/**
 * Cuts the whole UTC days [a, b) (ms at midnights) into the fewest day, week and month blocks (a
 * shortest path over the days), adding them to `out`.
 */
export function addBlocks(a: number, b: number, out: Blocks): void {
  const first = a / DAY;
  const n = (b - a) / DAY;
  const cost = new Array<number>(n + 1).fill(Infinity);
  const step = new Array<number>(n + 1).fill(0);
  cost[0] = 0;
  for (let i = 0; i < n; i++) {
    if (cost[i] === Infinity) continue;
    const day = first + i;
    const lens = [1];
    if (isMonday(day)) lens.push(7);
    const m = monthDays(day);
    if (m) lens.push(m);
    for (const len of lens) {
      if (i + len <= n && cost[i] + 1 < cost[i + len]) {
        cost[i + len] = cost[i] + 1;
        step[i + len] = len;
      }
    }
  }
  const picked: Array<[number, number]> = [];
  for (let i = n; i > 0; i -= step[i]) picked.push([first + i - step[i], step[i]]);
  for (const [day, len] of picked.reverse()) {
    const start = day * DAY;
    if (len === 1) {
      const last = out.days[out.days.length - 1];
      if (last && last[1] === start) last[1] = start + DAY;
      else out.days.push([start, start + DAY]);
    } else if (len === 7 && isMonday(day)) out.weeks.push(start);
    else out.months.push(start);
  }
}
