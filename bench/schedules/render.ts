// The schedule renderer alone (src/schedules/render.ts), in-process, no database: a schedule of 3 layers
// with 1-hour turns and a virtual start 10 years back (one layer with daily and weekly restrictions),
// 20 overrides, rendered over a 90-day window. Prints p50/p99/max in ms (wall and CPU) over the timed runs.
//   node --import tsx bench/schedules/render.ts [runs=1000] [zone=America/New_York]
import os from 'node:os';
import type { Override, ScheduleLayer } from '../../src/schedules/model.js';
import { onCallAt, renderSchedule } from '../../src/schedules/render.js';

const runs = Number(process.argv[2] ?? '1000');
const zone = process.argv[3] ?? 'America/New_York';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.parse('2026-12-06T12:00:00Z');
const virtualStart = now - Math.round(10 * 365.25) * DAY;
const users = Array.from({ length: 8 }, (_, i) => `PUSER0${i}`);

const layers: ScheduleLayer[] = [0, 1, 2].map((i) => ({
  id: `PLAYER${i}`,
  name: `Layer ${i + 1}`,
  start: virtualStart,
  end: null,
  rotationVirtualStart: virtualStart + i * 15 * 60_000,
  rotationTurnLengthSeconds: 3600,
  userIds: users.slice(i, i + 5),
  restrictions:
    i === 2
      ? [
          { type: 'daily_restriction', startTimeOfDay: '22:00:00', startDayOfWeek: null, durationSeconds: 8 * 3600 },
          { type: 'weekly_restriction', startTimeOfDay: '18:00:00', startDayOfWeek: 5, durationSeconds: 62 * 3600 },
        ]
      : [],
}));
// 20 overrides over the (first) window, some overlapping each other and all partly overlapping layer turns.
const overrides: Override[] = Array.from({ length: 20 }, (_, i) => ({
  id: `POVER${i}`,
  start: now + i * 4 * DAY + (i % 3) * 37 * 60_000,
  end: now + i * 4 * DAY + (i % 3) * 37 * 60_000 + (i % 4 === 0 ? 5 * DAY : 7 * HOUR),
  userId: users[i % users.length],
}));
const since = now;
const until = now + 90 * DAY;

function render(from = since, to = until) {
  return renderSchedule(layers, overrides, zone, from, to);
}
const warm = render();
for (let i = 0; i < 50; i++) render();

/** Wall time and CPU time (process.cpuUsage: not counting time the OS gave to other processes) per call. */
function measure(fn: (i: number) => unknown) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn(i);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const stats = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    const q = (p: number) => +xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)].toFixed(3);
    return { p50: q(0.5), p99: q(0.99), max: q(1) };
  };
  return { runs, wallMs: stats(wall), cpuMs: stats(cpu) };
}

const results = {
  // The same 90 days every time: the time-zone offset cache is warm, as for /oncalls around "now".
  sameWindow: measure(() => render()),
  // A different 90-day window each run, 97 days later each time (over 265 years): offsets mostly uncached.
  movingWindow: measure((i) => render(since + (i + 1) * 97 * DAY, until + (i + 1) * 97 * DAY)),
  onCallAt: measure((i) => onCallAt(layers, overrides, zone, now + i * 7_919_000)),
};

console.log(
  JSON.stringify({
    machine: { nproc: os.availableParallelism(), cpu: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg().map((x) => +x.toFixed(2)) },
    zone,
    window: '90 days',
    entries: { layers: warm.layers.map((l) => l.length), overrides: warm.overrides.length, final: warm.final.length },
    ...results,
  }),
);
