// Property test of the renderer: seeded random schedules in UTC, checked minute by minute against the
// rules written out plainly (render.test.ts pins the exact cases, DST included).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Entry, Override, ScheduleLayer } from './model.js';
import { onCallAt, renderSchedule, timeOfDaySeconds } from './render.js';
import { DAY, HOUR, T, WEEK, daily, layer, weekly } from './test-fixtures.js';

describe('renderSchedule against a minute-by-minute oracle (UTC, seeded random schedules)', () => {
  // A tiny seeded generator (mulberry32), so a failure names a reproducible case.
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
  const MIN = 60_000;
  const t0 = T('2026-01-05T00:00:00Z'); // a Monday

  /** Who is on call at `t`, straight from the rules: the newest override holding t, else the highest layer with someone. */
  function oracle(layers: ScheduleLayer[], overrides: Override[], t: number): string | null {
    for (let i = overrides.length - 1; i >= 0; i--) if (overrides[i].start <= t && t < overrides[i].end) return overrides[i].userId;
    for (let i = layers.length - 1; i >= 0; i--) {
      const l = layers[i];
      if (t < l.start || (l.end !== null && t >= l.end) || !l.userIds.length) continue;
      const sec = Math.floor(t / 1000);
      const inside = !l.restrictions.length || l.restrictions.some((r) => {
        const start = (timeOfDaySeconds(r.startTimeOfDay) ?? 0) + (r.type === 'weekly_restriction' ? ((r.startDayOfWeek ?? 1) - 1) * DAY : 0);
        const period = r.type === 'weekly_restriction' ? WEEK : DAY;
        const sinceMonday = (((sec - t0 / 1000) % WEEK) + WEEK) % WEEK;
        return (((sinceMonday - start) % period) + period) % period < r.durationSeconds;
      });
      if (!inside) continue;
      const k = Math.floor((t - l.rotationVirtualStart) / (l.rotationTurnLengthSeconds * 1000));
      return l.userIds[((k % l.userIds.length) + l.userIds.length) % l.userIds.length];
    }
    return null;
  }

  it('agrees with the oracle on every minute of 150 random schedules', () => {
    const next = rng(20261206);
    const pick = <X,>(xs: X[]) => xs[Math.floor(next() * xs.length)];
    const minutes = (n: number) => Math.floor(next() * n) * MIN;
    for (let c = 0; c < 150; c++) {
      const layers: ScheduleLayer[] = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, i) => {
        const start = t0 - 2 * DAY * 1000 + minutes(4 * 24 * 60);
        return layer({
          id: `L${i}`,
          start,
          end: next() < 0.4 ? start + minutes(5 * 24 * 60) : null,
          rotationVirtualStart: t0 - minutes(400 * 24 * 60),
          rotationTurnLengthSeconds: pick([HOUR, 5 * HOUR, 12 * HOUR, DAY, 2 * DAY, WEEK]),
          userIds: Array.from({ length: Math.floor(next() * 4) }, () => pick(['a', 'b', 'c', 'd'])),
          restrictions: next() < 0.5 ? [] : Array.from({ length: 1 + Math.floor(next() * 2) }, () => {
            const hhmm = `${String(Math.floor(next() * 24)).padStart(2, '0')}:${pick(['00', '30'])}:00`;
            return next() < 0.5 ? daily(hhmm, 1800 * (1 + Math.floor(next() * 47))) : weekly(1 + Math.floor(next() * 7), hhmm, 1800 * (1 + Math.floor(next() * 335)));
          }),
        });
      });
      const overrides = Array.from({ length: Math.floor(next() * 5) }, (_, i) => {
        const start = t0 + minutes(7 * 24 * 60);
        return { id: `O${i}`, start, end: start + minutes(2 * 24 * 60), userId: pick(['x', 'y', 'a']) };
      });
      const since = t0 + minutes(2 * 24 * 60);
      const until = since + MIN + minutes(5 * 24 * 60);
      const { final, layers: rendered } = renderSchedule(layers, overrides, 'UTC', since, until);
      // With overflow, the same entries once cut back at the window (overflow only widens the edges).
      const wide = renderSchedule(layers, overrides, 'UTC', since, until, { overflow: true });
      const clip = (es: Entry[]) => es.map((e) => ({ ...e, start: Math.max(e.start, since), end: Math.min(e.end, until) }));
      assert.deepEqual(clip(wide.final), final, `case ${c}: overflow final`);
      assert.deepEqual(wide.layers.map(clip), rendered, `case ${c}: overflow layers`);
      for (let i = 1; i < final.length; i++) {
        assert.ok(final[i - 1].end <= final[i].start, `case ${c}: sorted and disjoint`);
        assert.ok(!(final[i - 1].end === final[i].start && final[i - 1].userId === final[i].userId), `case ${c}: merged`);
      }
      let j = 0;
      for (let t = since; t < until; t += MIN) {
        while (j < final.length && final[j].end <= t) j++;
        const got = j < final.length && final[j].start <= t ? final[j].userId : null;
        assert.equal(got, oracle(layers, overrides, t), `case ${c} at ${new Date(t).toISOString()}`);
        if (t % (97 * MIN) === 0) assert.deepEqual(onCallAt(layers, overrides, 'UTC', t), got === null ? [] : [got], `case ${c} onCallAt`);
      }
    }
  });
});
