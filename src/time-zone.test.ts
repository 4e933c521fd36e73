import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoIn, isTimeZone, localLabel, localTime, offsetAt, wallClock, zonedInstant } from './time-zone.js';

describe('time zones', () => {
  it('reads local wall clocks on both sides of a DST change', () => {
    assert.deepEqual(localTime(Date.parse('2026-10-24T08:00:00Z'), 'Europe/London'), { day: 6, seconds: 9 * 3600 });
    assert.deepEqual(localTime(Date.parse('2026-10-26T08:00:00Z'), 'Europe/London'), { day: 1, seconds: 8 * 3600 });
    assert.equal(wallClock(Date.parse('2026-03-29T01:30:00Z'), 'Europe/Berlin'), Date.parse('2026-03-29T03:30:00Z'));
  });

  it('finds the instant of a local time, first occurrence when ambiguous, past the gap when missing', () => {
    assert.equal(zonedInstant(Date.parse('2026-07-01T09:00:00Z'), 'America/New_York'), Date.parse('2026-07-01T13:00:00Z'));
    // 02:30 does not exist in Berlin on 2026-03-29; it lands an hour later, at 01:30 UTC.
    assert.equal(zonedInstant(Date.parse('2026-03-29T02:30:00Z'), 'Europe/Berlin'), Date.parse('2026-03-29T01:30:00Z'));
    // 02:30 happens twice on 2026-10-25; the first is 00:30 UTC.
    assert.equal(zonedInstant(Date.parse('2026-10-25T02:30:00Z'), 'Europe/Berlin'), Date.parse('2026-10-25T00:30:00Z'));
  });

  it('prints ISO times with the zone offset, and labels without one', () => {
    const t = Date.parse('2026-07-01T12:00:00Z');
    assert.equal(isoIn(t, null), '2026-07-01T12:00:00.000Z');
    assert.equal(isoIn(t, 'America/New_York'), '2026-07-01T08:00:00-04:00');
    assert.equal(isoIn(t, 'Asia/Kolkata'), '2026-07-01T17:30:00+05:30');
    assert.equal(isoIn(t, 'America/St_Johns'), '2026-07-01T09:30:00-02:30');
    assert.equal(localLabel(t, 'Asia/Tokyo'), '2026-07-01T21:00:00');
    assert.equal(isTimeZone('Mars/Olympus'), false);
  });

  it('remembers offsets per hour yet answers exactly around every change, asked twice (cold, then cached)', () => {
    // Reference: the offset straight from Intl, second by second where it matters.
    const direct = (at: number, tz: string) => {
      const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', era: 'short' }).formatToParts(at).map((x) => [x.type, x.value]));
      const year = p.era === 'BC' || p.era === 'B' ? 1 - +p.year : +p.year;
      const wall = new Date(0);
      wall.setUTCFullYear(year, +p.month - 1, +p.day);
      wall.setUTCHours(+p.hour, +p.minute, +p.second, 0);
      return wall.getTime() - Math.floor(at / 1000) * 1000;
    };
    const cases: [string, string][] = [
      ['America/New_York', '2026-03-08T07:00:00Z'],
      ['America/New_York', '2026-11-01T06:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
      ['America/New_York', '1883-11-18T16:56:00Z'], // local mean time -4:56:02 until noon local
      ['Asia/Kolkata', '0800-06-01T00:00:00Z'], // a three-digit year goes the long way
    ];
    for (const [tz, change] of cases) {
      const c = Date.parse(change);
      for (const pass of ['cold', 'cached']) {
        for (let at = c - 2 * 3_600_000; at <= c + 2 * 3_600_000; at += 59_000) assert.equal(offsetAt(at, tz), direct(at, tz), `${tz} ${new Date(at).toISOString()} ${pass}`);
        for (const d of [-1001, -1000, -1, 0, 999, 1000]) assert.equal(offsetAt(c + d, tz), direct(c + d, tz), `${tz} ${c + d} ${pass}`);
      }
    }
    assert.equal(offsetAt(Date.parse('1883-11-18T12:00:00Z'), 'America/New_York'), -(4 * 3600 + 56 * 60 + 2) * 1000);
    assert.throws(() => offsetAt(0, 'Mars/Olympus'), RangeError);
    assert.throws(() => offsetAt(0, 'Mars/Olympus'), RangeError);
  });
});
